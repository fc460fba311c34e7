// A 429 whose Retry-After asks for an hour: `monet get` and `monet wait` stop at once (exit 6),
// without retrying inside the hour, and the text says the status and the wait (the audit saw
// `error: slow down`, after two retries within a second).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, expect, test } from "vitest";
import { type Hostile, json, startHostile } from "../../../test/support/hostile.ts";
import { monet as run } from "./run.ts";

let server: Hostile | undefined;
let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "monet-cli-429-"));
});
afterEach(() => server?.close());
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test.each([["get"], ["wait"]])("monet %s: a 429 with Retry-After 3600 is said with its wait, exit 6, sent once", async (command) => {
  server = await startHostile((_req, res) =>
    json(res, 429, { error: { code: "rate_limited", message: "slow down" } }, { "retry-after": "3600", "x-request-id": "req_429" }),
  );
  const env = { MONET_API_KEY: "monet_cli_429_test", MONET_BASE_URL: server.url };
  const text = await run([command, "task_x"], { cwd: dir, env });
  expect(text.code).toBe(6);
  expect(text.stderr.trim()).toBe("error: rate limited (HTTP 429): the API asks to wait 3600 s; it said: slow down. (request req_429)");
  expect(server.seen).toHaveLength(1);

  const asJson = await run(["--json", command, "task_x"], { cwd: dir, env });
  expect(asJson.code).toBe(6);
  const { error } = JSON.parse(asJson.stderr.trim());
  expect(error).toMatchObject({ status: 429, code: "rate_limited", retryAfter: 3600, retryable: true, exitCode: 6 });
  expect(error.message).toMatch(/^rate limited \(HTTP 429\): the API asks to wait 3600 s/);
  expect(server.seen).toHaveLength(2);
});
