// s13 audit M4: `wait` and `generate` against a failing server polled in silence for the client's
// 30 minutes. Now --wait-timeout bounds them (exit 6, with the command that resumes), each retry
// is said on stderr (an event line with --json), and MONET_POLL_INTERVAL's error quotes the text
// typed. Against the real mock, and a loopback server that always answers 500.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { type MockServer, startMockServer } from "@monet-ai/mock";
import { afterEach, beforeEach, expect, test } from "vitest";
import { cliJs, jsonError, jsonEvents, monet } from "./run.ts";

let mock: MockServer | undefined;
let broken: http.Server | undefined;
let cwd: string;

beforeEach(() => {
  cwd = fs.mkdtempSync(path.join(os.tmpdir(), "monet-wait-timeout-"));
});
afterEach(async () => {
  await mock?.close();
  if (broken) await new Promise((r) => broken?.close(r));
  mock = broken = undefined;
  fs.rmSync(cwd, { recursive: true, force: true });
});

const KEY = { MONET_API_KEY: "monet_cli_wait_timeout_key" };

/** A server whose every answer is a 500. */
async function alwaysFailing() {
  broken = http.createServer((_req, res) =>
    res.writeHead(500, { "content-type": "application/json" }).end(JSON.stringify({ error: { code: "internal_error", message: "down" } })),
  );
  await new Promise<void>((r) => broken?.listen(0, "127.0.0.1", r));
  return `http://127.0.0.1:${(broken.address() as AddressInfo).port}`;
}

test("M4: wait --wait-timeout against a server that always fails: exit 6, a resume with the same bound, and each retry said on stderr", async () => {
  const url = await alwaysFailing();
  const json = await monet(["--json", "--base-url", url, "wait", "task_1", "--out", "o", "--wait-timeout", "1.5"], { cwd, env: KEY });
  expect(json.code, json.stderr).toBe(6);
  expect(json.stdout).toBe("");
  const e = jsonError(json.stderr);
  expect(e).toMatchObject({ code: "timeout", taskId: "task_1", retryable: true, exitCode: 6 });
  expect(e.resume).toBe(`monet --base-url ${url} wait task_1 --out o --wait-timeout 1.5 --json`);
  const retries = jsonEvents(json.stderr);
  expect(retries.length).toBeGreaterThan(0);
  expect(retries[0]).toMatchObject({ event: "retrying", retry: 1, reason: expect.stringContaining("down") });
  // People get a line per retry, and the command on the last line.
  const human = await monet(["--base-url", url, "wait", "task_1", "--out", "o", "--wait-timeout", "1"], { cwd, env: KEY });
  expect(human.code).toBe(6);
  expect(human.stderr).toMatch(/^retrying GET \S+ in \d+ ms \(retry 1\): /m);
  expect(human.stderr.trimEnd().split("\n").at(-1)).toBe(`monet --base-url ${url} wait task_1 --out o --wait-timeout 1`);
}, 60_000);

test("run as `node .../dist/cli.js`, the printed command starts the same way, and runs as printed", async () => {
  const url = await alwaysFailing();
  const r = await monet(["--json", "--base-url", url, "wait", "task_1", "--out", "o", "--wait-timeout", "0.5"], { cwd, env: KEY, bin: cliJs });
  expect(r.code, r.stderr).toBe(6);
  const { resume } = jsonError(r.stderr);
  expect(resume).toBe(`node ${cliJs} --base-url ${url} wait task_1 --out o --wait-timeout 0.5 --json`);
  // An agent's shell, with node on its PATH and no `monet` anywhere: the command runs the CLI again.
  const again = spawnSync("sh", ["-c", resume], { cwd, env: { PATH: `${path.dirname(process.execPath)}:/usr/bin:/bin`, ...KEY }, encoding: "utf8" });
  expect(again.status, again.stderr).toBe(6);
  expect(jsonError(again.stderr).resume).toBe(resume);
}, 60_000);

test("M4: generate --wait-timeout on a slow task: exit 6 naming the task, and its resume waits for that same task", async () => {
  mock = await startMockServer({ port: 0, taskDuration: 60_000 });
  const env = { ...KEY, MONET_BASE_URL: mock.url };
  // The bound counts from the start, the create included: 3 s leaves a loaded machine time to learn the task's id first.
  const r = await monet(["--json", "generate", "image", "--model", "flux-2-dev", "--prompt", "slow", "--out", "o", "--wait-timeout", "3"], { cwd, env });
  expect(r.code, r.stderr).toBe(6);
  const [task] = mock.state.tasks.all();
  expect(jsonError(r.stderr)).toMatchObject({ code: "timeout", taskId: task.id, resume: `monet wait ${task.id} --out o --wait-timeout 3 --json` });
}, 60_000);

test("M4: --wait-timeout is checked like the CLI's other numbers; MONET_POLL_INTERVAL's error quotes the text typed", async () => {
  for (const bad of ["0", "-1", "abc", "1e3", "86401"]) {
    const r = await monet(["--json", "wait", "task_1", "--wait-timeout", bad], { cwd, env: KEY });
    expect(r.code).toBe(2);
    expect(jsonError(r.stderr)).toMatchObject({ code: "invalid_value", field: "--wait-timeout" });
    expect(jsonError(r.stderr).message).toContain(`(got ${JSON.stringify(bad)})`);
  }
  const poll = await monet(["--json", "wait", "task_1"], { cwd, env: { ...KEY, MONET_POLL_INTERVAL: "abc" } });
  expect(poll.code).toBe(2);
  expect(jsonError(poll.stderr).message).toContain("MONET_POLL_INTERVAL must be a number of milliseconds above 0");
  expect(jsonError(poll.stderr).message).toContain('(got "abc")');
  // Both are in the help.
  const help = (await monet(["wait", "--help"], { cwd })).stdout;
  expect(help).toContain("--wait-timeout <seconds>");
  expect(help).toContain("MONET_POLL_INTERVAL");
});
