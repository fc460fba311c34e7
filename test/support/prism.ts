// Starts Prism on the bundled spec as a real process on a free loopback port; its request log
// goes to a file (it is large), not to the test output.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort, waitForPort } from "./ports.ts";
import { repoRoot } from "./seed.ts";

export interface Prism {
  url: string;
  logFile: string;
  close(): Promise<void>;
}

/** `spec`: another bundled spec than the repository's (a modified copy, in a test). */
export async function startPrism(mode: "mock" | "proxy" = "mock", upstream?: string, spec = path.join(repoRoot, "openapi/dist/openapi.yaml")): Promise<Prism> {
  const port = await freePort();
  const logFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "prism-")), "prism.log");
  const log = fs.openSync(logFile, "w");
  const args = mode === "mock" ? ["mock", spec] : ["proxy", spec, upstream!, "--errors"];
  const child = spawn(path.join(repoRoot, "node_modules/.bin/prism"), [...args, "-h", "127.0.0.1", "-p", String(port)], {
    stdio: ["ignore", log, log],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  try {
    await Promise.race([
      waitForPort(port),
      exited.then(() => {
        throw new Error(`Prism exited early; see ${logFile}`);
      }),
    ]);
  } catch (e) {
    child.kill();
    throw e;
  }
  return {
    url: `http://127.0.0.1:${port}`,
    logFile,
    async close() {
      child.kill("SIGTERM");
      await exited;
      fs.closeSync(log);
    },
  };
}
