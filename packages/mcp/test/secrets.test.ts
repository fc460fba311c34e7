// A hostile API server that echoes the Authorization header back, in 4xx and 5xx error bodies
// (JSON and plain text), in a task's error, its id and its output URL: no tool result, progress
// notification or log line of the MCP server may carry the key.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, test } from "vitest";
import { KEY, type Started, startMcp, text } from "./support.ts";

let hostile: http.Server;
let mcp: Started;
const seen: string[] = [];

beforeAll(async () => {
  hostile = http.createServer((req, res) => {
    const auth = String(req.headers.authorization ?? "");
    seen.push(auth);
    const send = (status: number, body: unknown, type = "application/json") => {
      res.writeHead(status, { "content-type": type });
      res.end(typeof body === "string" ? body : JSON.stringify(body));
    };
    req.resume();
    req.on("end", () => {
      const url = req.url ?? "";
      if (url.startsWith("/api/v1/tasks/list")) return send(503, `upstream rejected ${auth} (key=${auth.slice(7)})`, "text/plain");
      if (url === "/api/v1/tasks/echo-in-body") {
        const key = auth.slice(7);
        return send(200, {
          id: `task_${key}`,
          status: "failed",
          type: "image",
          created_at: "2026-01-01T00:00:00Z",
          error: { code: "echo", message: `failed for ${key}` },
        });
      }
      if (url === "/api/v1/tasks/echo-split") {
        // The key split by a bell, a terminal sequence and a zero-width space: it reads whole.
        const key = auth.slice(7);
        const hidden = `${key.slice(0, 6)}\x07${key.slice(6, 10)}\x1b[0m${key.slice(10, 14)}\u200b${key.slice(14)}`;
        return send(200, {
          id: "echo-split",
          status: "failed",
          type: "image",
          created_at: "2026-01-01T00:00:00Z",
          error: { code: hidden, message: `failed for ${hidden}` },
        });
      }
      if (url === "/api/v1/tasks/echo-in-url") {
        const key = auth.slice(7);
        return send(200, {
          id: "echo-in-url",
          status: "success",
          type: "image",
          created_at: "2026-01-01T00:00:00Z",
          outputs: [{ model: "flux-2-dev", status: "success", progress: 100, url: `https://cdn.example/${encodeURIComponent(key)}/0.png?k=${key}` }],
        });
      }
      if (url.startsWith("/api/v1/tasks/async") || url.startsWith("/api/v1/tasks/sync"))
        return send(422, { error: { code: "validation_error", message: `bad request from ${auth}`, details: [{ field: "input", message: auth }] } });
      if (url.startsWith("/api/v1/tasks/"))
        return send(404, { error: { code: "not_found", message: `no task for ${auth}`, details: [{ field: "authorization", message: auth }] } });
      return send(500, { error: { code: "server_error", message: `crashed on ${JSON.stringify(req.headers)}` } });
    });
  });
  await new Promise<void>((r) => hostile.listen(0, "127.0.0.1", r));
  mcp = await startMcp({ env: { MONET_BASE_URL: `http://127.0.0.1:${(hostile.address() as AddressInfo).port}`, MONET_LOG: "debug" } });
}, 30_000);
afterAll(async () => {
  await mcp?.close();
  await new Promise((r) => hostile?.close(r));
});

/** What a reader sees: JSON escapes decoded, terminal sequences and characters that show as nothing gone. */
const visible = (s: string) =>
  s
    .replace(/\\u([0-9a-fA-F]{4})/g, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16)))
    // biome-ignore lint/suspicious/noControlCharactersInRegex: terminal sequences are what hides the key.
    .replace(/\x1b\[[0-9;]*m/g, "")
    .replace(/[\p{Cc}\p{Cf}]/gu, "");

async function call(name: string, args: Record<string, unknown>) {
  const notes: string[] = [];
  const r: any = await mcp.client.callTool({ name, arguments: args }, undefined, { onprogress: (p) => notes.push(JSON.stringify(p)), timeout: 60_000 });
  return { r, all: JSON.stringify(r) + notes.join("") };
}

test.each([
  ["get_task (404 JSON body)", "get_task", { taskId: "task_x" }],
  ["list_tasks (503 text body, after retries)", "list_tasks", {}],
  ["create, no wait (422 with details)", "create_image_task", { input: { model: "flux-2-dev", prompt: "x" }, wait: false }],
  ["create, streamed (422)", "create_image_task", { input: { model: "flux-2-dev", prompt: "x" } }],
  ["a failed task whose id and error hold the key", "wait_for_task", { taskId: "echo-in-body" }],
  ["a finished task whose output URL holds the key", "get_task", { taskId: "echo-in-url" }],
  ["a failed task whose error hides the key behind characters that show as nothing", "get_task", { taskId: "echo-split" }],
])(
  "%s: the key is not in the result",
  async (_, name, args) => {
    const before = seen.length;
    const { r, all } = await call(name as string, args as Record<string, unknown>);
    // The server did receive the key and echoed it.
    expect(seen.slice(before)).toContain(`Bearer ${KEY}`);
    expect(visible(all)).not.toContain(KEY);
    expect(text(r)).toContain("[redacted]");
  },
  60_000,
);

test("nor in the debug log on stderr", async () => {
  await call("get_task", { taskId: "task_y" });
  expect(mcp.stderr()).toContain("GET /api/v1/tasks/task_y 404");
  expect(mcp.stderr()).not.toContain(KEY);
});
