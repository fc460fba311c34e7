// `monet api createTaskStream` against a server whose stream stops short (it ends after
// `created`, or sends an event past the size limit): an error with its documented exit code and
// the task id, JSON on stderr with --json, never exit 0 with nothing said (the audit's F3).
import fs from "node:fs";
import type http from "node:http";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, expect, test } from "vitest";
import { type Hostile, startHostile } from "../../../test/support/hostile.ts";
import { MAX_EVENT } from "../../client/src/sse-lines.ts";
import { jsonError, lastLine, monet as run, runPrinted } from "./run.ts";

let server: Hostile | undefined;
let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "monet-cli-api-stream-"));
});
afterEach(() => server?.close());
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const task = (id: string, status = "pending") => ({ id, type: "image", status, created_at: "2026-01-01T00:00:00Z", outputs: [] });
const created = { event: "created", task: task("task_cut") };
const sse = (res: http.ServerResponse, tail = "", event: unknown = created) => {
  res.writeHead(200, { "content-type": "text/event-stream" });
  res.write(`event: created\ndata: ${JSON.stringify(event)}\n\n`);
  res.end(tail);
};
const body = JSON.stringify({ type: "image", input: { model: "flux-2-dev", prompt: "x" } });
const api = (json: boolean) =>
  run([...(json ? ["--json"] : []), "api", "createTaskStream", "--body", body], {
    cwd: dir,
    env: { MONET_API_KEY: "monet_cli_stream_test", MONET_BASE_URL: server?.url ?? "" },
  });

test.each([
  ["ends after created", "", 6, "connection_error", /ended before the task's final status/],
  ["sends an event past the size limit", `data: ${"x".repeat(MAX_EVENT + 1)}`, 1, "api_error", /sent an event over \d+ characters.*broke its contract/],
])("a stream that %s: the events it sent on stdout, then an error naming the task", async (_, tail, exitCode, code, message) => {
  server = await startHostile((_req, res) => sse(res, tail));
  const text = await api(false);
  expect(text.code).toBe(exitCode);
  expect(JSON.parse(text.stdout.trim())).toEqual(created);
  expect(text.stderr).toMatch(message);
  expect(text.stderr).toContain("task_cut");
  // How to go on, as generate says it: the command that waits for that task, on the last line.
  expect(text.stderr).toMatch(/the task goes on at the API\. Wait for it again with:\n/);
  expect(text.stderr).not.toContain("tasks.get"); // the client's advice to code, not to a shell
  expect(lastLine(text.stderr)).toBe("monet wait task_cut --out .");

  const json = await api(true);
  expect(json.code).toBe(exitCode);
  expect(JSON.parse(json.stdout.trim())).toEqual(created);
  const error = JSON.parse(json.stderr.trim().split("\n").at(-1) ?? "").error;
  expect(error).toMatchObject({ code, taskId: "task_cut", exitCode, retryable: exitCode === 6 });
  expect(error.message).toMatch(message);
  expect(error.resume).toBe("monet wait task_cut --out . --json");
});

test("the printed line goes on with the task: run as pasted, it waits for task_cut and ends", async () => {
  server = await startHostile((req, res) => {
    if (req.method === "GET" && req.url === "/api/v1/tasks/task_cut")
      return res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(task("task_cut", "success")));
    sse(res);
  });
  const env = { MONET_API_KEY: "monet_cli_stream_test", MONET_BASE_URL: server.url };
  const r = await api(false);
  const resumed = await runPrinted(lastLine(r.stderr), { cwd: dir, env });
  expect(resumed.code, resumed.stderr).toBe(0);
  expect(resumed.stdout).toContain("done: task_cut");
  expect(server.seen.filter((s) => s.method === "POST")).toHaveLength(1); // no second task
});

test("a task id no call can follow (../x): no command to wait for it, in text or --json", async () => {
  server = await startHostile((_req, res) => sse(res, "", { event: "created", task: task("../x") }));
  const text = await api(false);
  expect(text.code).toBe(6);
  expect(text.stderr.trim().split("\n"), text.stderr).toHaveLength(1);
  expect(text.stderr).not.toMatch(/^monet |Wait for it again/m);
  const error = jsonError((await api(true)).stderr);
  expect(error.resume).toBeUndefined();
  expect(error.message).not.toMatch(/Wait for it again/);
});
