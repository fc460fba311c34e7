// s22 audit F7: a server that accepts and never answers held `monet get` for 3 x 60 s; no flag
// bounded one request. Now --timeout <seconds> (or MONET_TIMEOUT) bounds each attempt of every
// request, for every command that calls the API. Against a real black-hole server: it reads each
// request and never answers.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { type Hostile, startHostile } from "../../../test/support/hostile.js";
import { mockBench } from "./mock-bench.ts";
import { jsonError, jsonEvents, monet } from "./run.ts";

// Tasks that outlast every --wait-timeout here.
const slow = mockBench("request-timeout", { taskDuration: 600_000 });
let blackHole: Hostile;
let cwd: string;
beforeAll(async () => {
  blackHole = await startHostile(() => {});
  cwd = fs.mkdtempSync(path.join(os.tmpdir(), "monet-request-timeout-"));
});
afterAll(async () => {
  await blackHole?.close();
  fs.rmSync(cwd, { recursive: true, force: true });
});

const env = (extra: Record<string, string> = {}) => ({ MONET_API_KEY: "monet_cli_request_timeout", MONET_BASE_URL: blackHole.url, ...extra });
const gets = () => blackHole.seen.filter((s) => s.path === "/api/v1/tasks/task_hole").length;

test("get --timeout 0.3 against a server that never answers: each of the 3 attempts ends after 300 ms, then exit 6 (timeout)", async () => {
  const before = gets();
  const r = await monet(["--json", "get", "task_hole", "--timeout", "0.3"], { cwd, env: env() });
  expect(r.code, r.stderr).toBe(6);
  const error = jsonError(r.stderr);
  expect(error).toMatchObject({ type: "APIConnectionTimeoutError", code: "timeout", retryable: true, exitCode: 6 });
  expect(error.message).toContain("within 300 ms");
  // The client's retries stay: the bound is per attempt (3 attempts, each said before it is tried
  // again; the server may not have read every one of them before its 300 ms ran out on a loaded machine).
  expect(jsonEvents(r.stderr).filter((e) => e.event === "retrying")).toHaveLength(2);
  expect(gets() - before).toBeLessThanOrEqual(3);
}, 60_000);

test("MONET_TIMEOUT bounds every command's requests too (list here); the flag wins over it", async () => {
  const r = await monet(["list"], { cwd, env: env({ MONET_TIMEOUT: "0.2" }) });
  expect(r.code, r.stderr).toBe(6);
  expect(r.stderr).toContain("within 200 ms");
  const flag = await monet(["get", "task_hole", "--timeout", "0.4"], { cwd, env: env({ MONET_TIMEOUT: "0.2" }) });
  expect(flag.code, flag.stderr).toBe(6);
  expect(flag.stderr).toContain("within 400 ms");
}, 60_000);

test("generate --timeout: the create gets the same bound, and the command that re-attaches is printed (the task may exist)", async () => {
  const r = await monet(["generate", "image", "--model", "flux-2-dev", "--prompt", "a fox", "--timeout", "0.3", "--out", cwd], { cwd, env: env() });
  expect(r.code, r.stderr).toBe(6);
  expect(r.stderr).toContain("within 300 ms");
  expect(r.stderr).toContain("--idempotency-key");
}, 60_000);

test.each([["0"], ["-1"], ["abc"], ["86401"], ["1e3"]])("--timeout %s is bad usage naming the flag and its range, nothing sent", async (v) => {
  const before = blackHole.seen.length;
  const r = await monet(["--json", "get", "task_hole", "--timeout", v], { cwd, env: env() });
  expect(r.code, r.stderr).toBe(2);
  const error = jsonError(r.stderr);
  expect(error).toMatchObject({ code: "invalid_value", field: "--timeout" });
  expect(error.message).toContain(`--timeout must be a number of seconds above 0, at most 86400 (got ${JSON.stringify(v)})`);
  expect(blackHole.seen.length).toBe(before);
});

test("a bad MONET_TIMEOUT is bad usage naming the variable; an empty one is unset", async () => {
  const r = await monet(["--json", "list"], { cwd, env: env({ MONET_TIMEOUT: "soon" }) });
  expect(r.code, r.stderr).toBe(2);
  expect(jsonError(r.stderr)).toMatchObject({ code: "invalid_value", field: "MONET_TIMEOUT" });
  const empty = await monet(["--json", "list", "--timeout", "0.2"], { cwd, env: env({ MONET_TIMEOUT: "" }) });
  expect(empty.code, empty.stderr).toBe(6);
}, 60_000);

test("--help of a command that calls the API lists --timeout and MONET_TIMEOUT, and says how it differs from --wait-timeout", async () => {
  for (const cmd of [["get"], ["wait"], ["pipeline", "run"], ["api"]]) {
    const r = await monet([...cmd, "--help"], { cwd });
    expect(r.stdout, cmd.join(" ")).toMatch(/--timeout <seconds>\s+give up on one request attempt/);
    expect(r.stdout).toContain("MONET_TIMEOUT=<seconds>");
  }
  const readme = fs.readFileSync(path.resolve(import.meta.dirname, "../README.md"), "utf8");
  expect(readme).toMatch(/It differs from `--wait-timeout`/);
});

test("the commands printed to go on carry --timeout: the next run's requests are bounded as this one's were", async () => {
  const r = await monet(["--json", "generate", "image", "--model", "flux-2-dev", "--prompt", "a fox", "--timeout", "5", "--wait-timeout", "1", "--out", "."], {
    cwd: slow.cwd,
    env: slow.env(),
  });
  expect(r.code, r.stderr).toBe(6);
  const created = jsonEvents(r.stderr).find((e) => e.event === "created");
  expect(created.resume).toMatch(/^monet --timeout 5 wait task_\S+ /);
  expect(jsonError(r.stderr).resume).toMatch(/^monet --timeout 5 wait task_\S+ .*--wait-timeout 1/);
}, 60_000);
