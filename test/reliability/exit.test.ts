// No timer, listener or socket is left open: a process that used the client through faults,
// timeouts and aborts exits by itself.
import { spawn } from "node:child_process";
import path from "node:path";
import { expect, test } from "vitest";

test("the process exits by itself after timeouts, aborts, faults and stream fallbacks", async () => {
  const child = spawn(process.execPath, [path.join(import.meta.dirname, "fixtures/leaves-nothing-open.mjs")], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout.on("data", (d) => (out += d));
  child.stderr.on("data", (d) => (out += d));
  const killer = setTimeout(() => child.kill("SIGKILL"), 15_000);
  const code = await new Promise((r) => child.on("exit", (c, s) => r(c ?? s)));
  clearTimeout(killer);
  expect(code, out).toBe(0);
  expect(JSON.parse(out.trim().split("\n").at(-1)!)).toEqual(["ok", "WaitTimeoutError", "AbortError", "ok", "ok", "WaitTimeoutError", "AbortError"]);
}, 20_000);
