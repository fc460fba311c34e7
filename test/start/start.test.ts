// `npm start` as a user meets it: a second start skips what is up to date, and any way of stopping
// it (SIGTERM to npm, SIGKILL to the server script) stops every service it started, so the ports
// are free for the next start.
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { afterAll, expect, test } from "vitest";
import { unlessUpToDate } from "../../scripts/stamp.mjs";
import { freePort, waitForPort } from "../support/ports.ts";
import { repoRoot } from "../support/seed.ts";

const started: ChildProcess[] = [];
afterAll(() => {
  for (const c of started) c.kill("SIGKILL");
});

const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const sock = net.connect(port, "127.0.0.1");
    sock.once("connect", () => {
      sock.destroy();
      resolve(true);
    });
    sock.once("error", () => resolve(false));
  });

async function waitUntilFree(ports: number[], timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!(await Promise.all(ports.map(listening))).some(Boolean)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`still listening after ${timeoutMs} ms: ${ports.join(", ")}`);
}

async function startServices(cmd: string, args: string[]) {
  const [mock, prism] = [await freePort(), await freePort()];
  const child = spawn(cmd, args, { cwd: repoRoot, env: { ...process.env, MONET_MOCK_PORT: String(mock), PRISM_PORT: String(prism) }, stdio: "ignore" });
  started.push(child);
  await Promise.all([waitForPort(mock, 60_000), waitForPort(prism, 60_000)]);
  return { child, ports: [mock, prism] };
}

test("SIGTERM to `npm run dev` stops the mock and Prism; the ports are free again", async () => {
  const { child, ports } = await startServices("npm", ["run", "--silent", "dev", "--", "--only", "mock,prism"]);
  child.kill("SIGTERM");
  await waitUntilFree(ports);
}, 120_000);

test("SIGKILL to the server script still stops its services (watchdog)", async () => {
  const { child, ports } = await startServices(process.execPath, ["scripts/dev.mjs", "--only", "mock,prism"]);
  child.kill("SIGKILL");
  await waitUntilFree(ports);
}, 120_000);

test("a step runs when its inputs changed, and is skipped when they did not", () => {
  fs.mkdirSync(path.join(repoRoot, ".tmp"), { recursive: true });
  const dir = fs.mkdtempSync(path.join(repoRoot, ".tmp/stamp-"));
  try {
    fs.mkdirSync(path.join(dir, "src"));
    fs.writeFileSync(path.join(dir, "src/a.txt"), "one");
    let runs = 0;
    const build = () =>
      unlessUpToDate("build", { inputs: ["src"], outputs: ["out.txt"], dir }, () => {
        runs++;
        fs.writeFileSync(path.join(dir, "out.txt"), "built");
      });
    expect([build(), build()]).toEqual([true, false]);
    fs.writeFileSync(path.join(dir, "src/a.txt"), "two");
    expect(build()).toBe(true);
    fs.writeFileSync(path.join(dir, "src/b.txt"), "new file");
    expect(build()).toBe(true);
    fs.rmSync(path.join(dir, "out.txt"));
    expect(build()).toBe(true); // a missing output is never up to date
    expect(build()).toBe(false);
    expect(runs).toBe(4);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
