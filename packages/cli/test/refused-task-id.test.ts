// A create the API answers with a task id no call can follow (`../x`): the client refuses it,
// carrying the create's idempotency key. The server broke the contract, so `monet generate` ends
// with exit 1 (not 6, "retry later"), says the key once, and prints no command to re-run: the same
// create again (its key) is answered with the same id. Each case runs the built CLI against a
// hostile loopback API started here, streamed (SSE) or answering JSON (--no-wait).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, expect, test } from "vitest";
import { type Hostile, startHostile } from "../../../test/support/hostile.js";
import { jsonError, jsonEvents, monet } from "./run.ts";

const ID = "../x";
const pending = { id: ID, type: "image", status: "pending", created_at: "2026-11-27T00:00:00Z", outputs: [] };

let api: Hostile;
beforeAll(async () => {
  api = await startHostile((req, res) => {
    if (req.method === "POST" && req.url === "/api/v1/tasks/sync") {
      res.writeHead(200, { "content-type": "text/event-stream" });
      return res.end(`event: created\ndata: ${JSON.stringify({ event: "created", task: pending })}\n\n`);
    }
    if (req.method === "POST" && req.url === "/api/v1/tasks/async")
      return res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(pending));
    res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: { code: "not_found", message: "Not found." } }));
  });
});
afterAll(() => api?.close());

let cwd: string;
beforeEach(() => {
  cwd = fs.mkdtempSync(path.join(os.tmpdir(), "monet-refused-id-"));
  return () => fs.rmSync(cwd, { recursive: true, force: true });
});
const KEY = "key-of-the-refused-create";
const run = (args: string[]) =>
  monet(["generate", "image", "--model", "flux-2-dev", "--prompt", "hi", "--idempotency-key", KEY, ...args], {
    cwd,
    env: { MONET_API_KEY: "monet_cli_test", MONET_BASE_URL: api.url },
  });
// The paths of the creates sent (POST), in order.
const posts = () => api.seen.filter((s) => s.method === "POST").map((s) => s.path);
const times = (text: string, part: string) => text.split(part).length - 1;

test.each([
  ["streamed (SSE)", ["--out", "out"], "the event stream named task id", "/api/v1/tasks/sync"],
  ["answered as JSON (--no-wait)", ["--no-wait"], "the server answered the create with task id", "/api/v1/tasks/async"],
])("a create %s with the id ../x: exit 1, the key said once, no command to re-run", async (_how, args, said, path) => {
  const before = posts().length;
  const r = await run(args);
  expect(r.code, r.stderr).toBe(1);
  expect(r.stdout).toBe("");
  expect(r.stderr).toContain(`${said} "../x", which no call can follow`);
  expect(times(r.stderr, KEY), r.stderr).toBe(1);
  // No resume line (the same create meets the same id), and not the client's "create it again" advice.
  expect(r.stderr.trim().split("\n"), r.stderr).toHaveLength(1);
  expect(r.stderr).not.toMatch(/re-attaches|create it again|^monet /m);
  // One create, not sent again.
  expect(posts().slice(before)).toEqual([path]);
});

test("--json: exit 1, not retryable, no resume, the key once in the error", async () => {
  const r = await run(["--json", "--out", "out"]);
  expect(r.code, r.stderr).toBe(1);
  const error = jsonError(r.stderr);
  expect(error).toMatchObject({ type: "NextStepError", retryable: false, exitCode: 1 });
  expect(error.resume).toBeUndefined();
  expect(times(error.message, KEY)).toBe(1);
  // The `creating` event still says the key the create was sent with (written before it was sent).
  expect(jsonEvents(r.stderr).map((e) => e.event)).toEqual(["creating"]);
});

test("monet pipeline run: the text hint says the API named the task by an id no call can follow and to report the key, not to run again; --json's next says so", async () => {
  fs.writeFileSync(path.join(cwd, "p.yaml"), "name: refused\nsteps:\n  still: { type: image, input: { model: flux-2-dev, prompt: hi } }\n");
  const env = { MONET_API_KEY: "monet_cli_test", MONET_BASE_URL: api.url };
  const r = await monet(["pipeline", "run", "p.yaml", "--out", "out"], { cwd, env });
  expect(r.code, r.stderr).toBe(1);
  expect(r.stderr).toContain(
    'The API answered 1 create with a task id no call can follow: running the command again sends the same idempotency key and gets the same answer. Report its key (in the error) to the API\'s operator:\n  still/still: create failed: the server answered the create with task id "../x"',
  );
  expect(r.stderr).not.toContain("Run the same command again to retry");
  const j = await monet(["--json", "pipeline", "run", "p.yaml", "--out", "out-json"], { cwd, env });
  const done = j.stdout
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l))
    .at(-1);
  expect(done).toMatchObject({ type: "done", next: ["report to the API's operator"] });
});
