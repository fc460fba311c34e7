// `npm start` on an older Node re-runs itself on the development Node. When npm dies without
// passing a signal on (killed, its terminal closed), the re-run must not live on with the services.
import { spawn } from "node:child_process";
import path from "node:path";
import { expect, test } from "vitest";

const fixture = path.join(import.meta.dirname, "fixtures/run-child.mjs");
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

test("the re-run stops its child when its own parent dies without a signal", async () => {
  // A stand-in for npm: starts the re-runner, then is killed outright.
  const npm = spawn(
    process.execPath,
    ["-e", `require("node:child_process").spawn(process.execPath, [${JSON.stringify(fixture)}], { stdio: "inherit" }); setInterval(() => {}, 1e9);`],
    {
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  const pid = await new Promise<number>((resolve, reject) => {
    npm.stdout.once("data", (d) => resolve(Number(String(d).trim())));
    npm.once("exit", () => reject(new Error("the stand-in exited early")));
  });
  expect(alive(pid)).toBe(true);
  npm.kill("SIGKILL");
  const deadline = Date.now() + 20_000;
  while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  const survived = alive(pid);
  if (survived) process.kill(pid, "SIGKILL");
  expect(survived).toBe(false);
}, 30_000);
