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

/** How long Prism may take to listen: it reads the whole spec first, which takes over 30 s on a loaded 2-core machine. */
const START_MS = 100_000;

/** `spec`: another bundled spec than the repository's (a modified copy, in a test). */
export async function startPrism(mode: "mock" | "proxy" = "mock", upstream?: string, spec = path.join(repoRoot, "openapi/dist/openapi.yaml")): Promise<Prism> {
  // A free port can be taken by another test's server before Prism binds it: Prism then exits
  // with EADDRINUSE, and a new port is tried.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(mode, upstream, spec);
    } catch (e) {
      if (!(e instanceof PortTaken) || attempt === 3) throw e;
    }
  }
}

class PortTaken extends Error {}

async function startOnce(mode: "mock" | "proxy", upstream: string | undefined, spec: string): Promise<Prism> {
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
      waitForPort(port, START_MS),
      exited.then(() => {
        const said = fs.readFileSync(logFile, "utf8");
        throw /EADDRINUSE/.test(said) ? new PortTaken(`port ${port} was taken`) : new Error(`Prism exited early; see ${logFile}: ${said.slice(-500)}`);
      }),
    ]);
  } catch (e) {
    child.kill();
    fs.closeSync(log);
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
