// Cold start: wall time of a fresh Node process that imports a package, next to bare `node`.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { median, percentile, trimmedMean } from "../lib/report.mjs";

const benchDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

const cases = [
  { name: "bare node", code: "" },
  // The floor of any package: Node resolves a bare specifier and loads one empty module.
  { name: "an empty package", code: 'await import("bench-empty-package")' },
  // The floor of any two: the first two `exports` resolutions of a process each compile Node's
  // segment-check regex (interpreted, then native), about 2 ms and 1 ms here.
  { name: "two empty packages", code: 'await import("bench-empty-package"); await import("bench-empty-package-2")' },
  { name: "@monet-ai/client", code: 'await import("@monet-ai/client")' },
  { name: "@monet-ai/models", code: 'await import("@monet-ai/models")' },
  { name: "client + models", code: 'await import("@monet-ai/client"); await import("@monet-ai/models")' },
  { name: "replicate", code: 'await import("replicate")' },
  { name: "openai", code: 'await import("openai")' },
];

function once(code) {
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", code], { cwd: benchDir, stdio: ["ignore", "ignore", "pipe"] });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0)
    throw new Error(
      r.stderr
        .toString()
        .split("\n")
        .find((l) => l.includes("Error")) ?? "import failed",
    );
  return ms;
}

/** An empty package in bench/node_modules (git-ignored), so the floor resolves the way a real package does. */
function emptyPackage(name) {
  const dir = path.join(benchDir, "node_modules", name);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name, type: "module", exports: "./index.js" }));
  fs.writeFileSync(path.join(dir, "index.js"), "export {};\n");
}

export async function run({ quick }) {
  emptyPackage("bench-empty-package");
  emptyPackage("bench-empty-package-2");
  const runs = quick ? 2 : 40;
  const times = new Map(cases.map((c) => [c.name, []]));
  const broken = new Map();
  for (const c of cases)
    for (let i = 0; i < 2; i++)
      try {
        once(c.code);
      } catch (e) {
        broken.set(c.name, e.message);
      } // warm the file cache
  // Interleave the cases so drift in machine load hits them all alike.
  for (let i = 0; i < runs; i++) for (const c of cases) if (!broken.has(c.name)) times.get(c.name).push(once(c.code));
  const rows = cases.map((c) =>
    broken.has(c.name)
      ? { name: c.name, "middle-half mean (ms)": "n/a", "median (ms)": "n/a", "p90 (ms)": "n/a", note: broken.get(c.name) }
      : {
          name: c.name,
          "middle-half mean (ms)": trimmedMean(times.get(c.name)),
          "median (ms)": median(times.get(c.name)),
          "p90 (ms)": percentile(times.get(c.name), 90),
        },
  );
  // Client + models are two packages: their fair floor is two empty ones, which cost bare node
  // 3% to 8% before any code runs.
  const floor = rows.find((r) => r.name === "two empty packages")["middle-half mean (ms)"];
  for (const r of rows) if (typeof r["middle-half mean (ms)"] === "number") r["vs two empty packages"] = `${(r["middle-half mean (ms)"] / floor).toFixed(2)}x`;
  return {
    title: "Cold start (fresh process, import only)",
    how: `${runs} interleaved runs per row after 2 warm-ups; wall time of \`node --input-type=module -e <import>\`; ratio of the means of each row's middle half (its fastest and slowest quarters left out, which a loaded machine makes uneven) against bare node.`,
    target:
      "@monet-ai/client + models <= 1.10x two empty packages (restated from <= 1.10x bare node, which left 2% to 7% for both packages' code after Node's own cost of importing two)",
    baseline: "bare node",
    key: "middle-half mean (ms)",
    columns: ["name", "middle-half mean (ms)", "median (ms)", "p90 (ms)", "ratio", "vs two empty packages"],
    rows,
  };
}
