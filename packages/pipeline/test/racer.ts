// A local writer racing a pipeline run (audit s10 F5): another process that keeps swapping the
// folder `swapped` (relative to `dir`) for a link to `target` (relative to the link's folder) and back.
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

/** Starts the writer and returns once it is seen swapping (a link in place of the folder), however slow it is to start. */
export function startSwapping(dir: string, swapped: string, target: string): ChildProcess {
  const racer = spawn(
    process.execPath,
    [
      "-e",
      // Each state is held a random moment (up to 2 ms), so checks and opens land on both sides of a swap.
      `const fs = require("fs"); const [f, to] = process.argv.slice(1);
       const hold = () => { const t = performance.now() + Math.random() * 2; while (performance.now() < t); };
       for (;;) { try { fs.renameSync(f, f + ".real"); fs.symlinkSync(to, f); hold(); fs.unlinkSync(f); fs.renameSync(f + ".real", f); hold(); } catch {} }`,
      path.join(dir, swapped),
      target,
    ],
    { stdio: "ignore" },
  );
  const link = path.join(dir, swapped);
  const until = Date.now() + 30_000;
  while (!fs.lstatSync(link, { throwIfNoEntry: false })?.isSymbolicLink() && Date.now() < until);
  return racer;
}
