// Whatever a server sends, the CLI never prints the API key: a hostile loopback API echoes the
// Authorization header into error bodies, headers and task fields, verbatim and split by a control
// character (which the client's redaction cannot see, and the CLI's `clean` then removes, joining
// the key again). Every command's stdout and stderr are searched for it.
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { monet, monetInPty } from "./run.ts";

const KEY = "monet_cli_ECHO_ME_7d1e";
let server: http.Server;
let url: string;
let cwd: string;
const seen: string[] = [];

/** The key split by a bell, a CSI and an OSC sequence and a zero-width space: each shows as nothing. */
const split = (k: string) => `${k.slice(0, 9)}\x07${k.slice(9, 14)}\x1b[0m${k.slice(14, 17)}\u200b${k.slice(17, 19)}\x1b]0;t\x07${k.slice(19)}`;

/** What a reader sees: JSON escapes decoded, terminal sequences and characters that show as nothing gone. */
const visible = (s: string) =>
  s
    .replace(/\\u([0-9a-fA-F]{4})/g, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16)))
    // biome-ignore lint/suspicious/noControlCharactersInRegex: terminal sequences are what hides the key.
    .replace(/\x1b\[[0-9;]*m|\x1b\][^\x07]*\x07/g, "")
    .replace(/[\p{Cc}\p{Cf}]/gu, "");

/** Audit s19-cli F1 (its `keyfield` mode): the key cut, percent-encoded with `_` as %5F, masked; and a short run, which may stay. */
const keyfield = (k: string) => ({
  code: "x",
  message: `suffix=${k.slice(6)} mid=${k.slice(3, 20)} pct=${encodeURIComponent(k).replace(/_/g, "%5F")} masked=${k.slice(0, 16)}****** hint=${k.slice(-11)}`,
});

beforeAll(async () => {
  server = http.createServer(async (req, res) => {
    let body = "";
    for await (const chunk of req) body += chunk;
    const auth = req.headers.authorization ?? "";
    const key = auth.replace(/^Bearer /, "");
    seen.push(auth);
    const json = (status: number, body: unknown) =>
      res.writeHead(status, { "content-type": "application/json", "x-request-id": `req_${key}` }).end(JSON.stringify(body));
    const task = (status: string) => ({
      id: `task_${split(key)}`,
      type: "image",
      status,
      created_at: `2026-01-01 ${split(key)}`,
      outputs: [{ model: "flux-2-dev", status, progress: 50, url: `https://cdn.example.test/${split(key)}.png` }],
      error: { code: split(key), message: `you sent ${split(key)} and ${key}` },
    });
    const u = req.url ?? "";
    if (u.startsWith("/api/v1/tasks/list")) return json(200, { tasks: [task("failed")], page: 1, pageSize: 20, total: 1 });
    if (u === "/api/v1/tasks/task_echo") return json(200, task("failed"));
    if (u === "/api/v1/tasks/task_keyfield")
      return json(200, { ...task("failed"), id: "task_keyfield", input: { model: "flux-2-dev", prompt: key }, error: keyfield(key) });
    if (u === "/api/v1/tasks/sync" && body.includes('"prompt":"ctype"'))
      return res.writeHead(200, { "content-type": `text/html; echo=${auth}` }).end("<html>not a task</html>");
    if (u === "/api/v1/tasks/sync") {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write(`event: created\ndata: ${JSON.stringify({ event: "created", task: task("processing") })}\n\n`);
      return res.end(`event: failed\ndata: ${JSON.stringify({ event: "failed", task: task("failed") })}\n\n`);
    }
    json(500, { error: { code: "internal", message: `upstream said ${split(key)} (${key})` } });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  cwd = fs.mkdtempSync(path.join(os.tmpdir(), "monet-cli-key-"));
});
afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
  fs.rmSync(cwd, { recursive: true, force: true });
});

test.each([
  ["get, human", ["get", "task_echo"]],
  ["get, --json", ["--json", "get", "task_echo"]],
  ["list", ["list"]],
  ["wait", ["wait", "task_echo"]],
  ["generate: progress lines and the failed task's error", ["generate", "image", "--model", "flux-2-dev", "--prompt", "x"]],
  ["a 500 error body", ["get", "task_boom"]],
  ["a content type echoing the Authorization header", ["generate", "image", "--model", "flux-2-dev", "--prompt", "ctype"]],
  ["api getTask", ["api", "getTask", "--task-id", "task_echo"]],
  ["api createTaskStream", ["api", "createTaskStream", "--body", JSON.stringify({ type: "image", input: { model: "flux-2-dev", prompt: "x" } })]],
])("%s: the key is never printed", async (_name, args) => {
  const before = seen.length;
  const r = await monet(args, { cwd, env: { MONET_API_KEY: KEY, MONET_BASE_URL: url } });
  // The server had the key to echo, and the CLI printed what it sent.
  expect(seen.slice(before), r.stderr).toContain(`Bearer ${KEY}`);
  expect(`${r.stdout}${r.stderr}`).toMatch(/ECHO|redacted/);
  expect(visible(r.stdout)).not.toContain(KEY);
  expect(visible(r.stderr)).not.toContain(KEY);
});

test.each([
  ["get, human", ["get", "task_keyfield"]],
  ["get, --json", ["--json", "get", "task_keyfield"]],
])("%s: a server echoing the key without its start, a middle run or with `_` percent-encoded has none of it printed", async (_name, args) => {
  const r = await monet(args, { cwd, env: { MONET_API_KEY: KEY, MONET_BASE_URL: url } });
  const out = visible(`${r.stdout}${r.stderr}`);
  for (const form of ["suffix=", "mid=", "pct=", "masked="]) expect(out).toContain(`${form}[redacted]`);
  // 11 characters of a 22-character key: shorter than half of it, shown as sent.
  expect(out).toContain(`hint=${KEY.slice(-11)}`);
  for (const run of [KEY.slice(6), KEY.slice(3, 20), KEY.slice(0, 16), "%5FECHO"]) expect(out).not.toContain(run);
});

test("in a terminal, the live progress bar does not print it either", async () => {
  const { screen } = await monetInPty(["generate", "image", "--model", "flux-2-dev", "--prompt", "x"], {
    cwd,
    env: { MONET_API_KEY: KEY, MONET_BASE_URL: url },
  });
  expect(screen).toContain("redacted");
  expect(screen).not.toContain(KEY);
}, 30_000);
