// Two ways an API stops serving a call, told apart for the agent: a 429 asking for a wait longer
// than the client waits on its own says the wait asked, whether anything was created and the call
// to make after it; an API that stops answering mid-wait is said to have stopped, with the last
// state it gave as the last one, not as the task's current state.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type Started, startMcp, text } from "./support.ts";

const TASK = {
  id: "task_g",
  status: "processing",
  type: "image",
  input: { model: "flux-2-dev", prompt: "x" },
  outputs: [{ model: "flux-2-dev", status: "processing", progress: 10 }],
  created_at: "2026-01-01T00:00:00Z",
  updated_at: "2026-01-01T00:00:00Z",
};
let api: http.Server;
let mcp: Started;
let gets = 0;

beforeAll(async () => {
  api = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      if (req.url?.startsWith("/api/v1/tasks/task_g")) {
        // The first poll is answered; then the API is gone (every connection dropped).
        if (gets++ > 0) return req.socket.destroy();
        res.writeHead(200, { "content-type": "application/json" });
        return res.end(JSON.stringify(TASK));
      }
      res.writeHead(429, { "content-type": "application/json", "retry-after": "86400" });
      res.end(JSON.stringify({ error: { code: "rate_limited", message: "slow down" } }));
    });
  });
  await new Promise<void>((r) => api.listen(0, "127.0.0.1", r));
  mcp = await startMcp({ env: { MONET_BASE_URL: `http://127.0.0.1:${(api.address() as AddressInfo).port}`, MONET_MCP_MAX_WAIT: "6000" } });
}, 30_000);
afterAll(async () => {
  await mcp?.close();
  api?.closeAllConnections();
  await new Promise((r) => api?.close(r));
});

const call = (name: string, args: Record<string, unknown>) => mcp.client.callTool({ name, arguments: args }) as Promise<any>;

describe("a 429 whose Retry-After is past what the client waits", () => {
  test("a read says the wait asked and to call again after it; nothing changed", async () => {
    const r = await call("list_tasks", {});
    expect(r.isError).toBe(true);
    expect(text(r)).toContain("the API asks to wait 86400 s (24 h)");
    expect(text(r)).toContain("Nothing was changed: call list_tasks again with the same arguments once that time has passed");
  });

  test("a create says it created nothing with this request, and leads with the key that re-attaches", async () => {
    const r = await call("create_image_task", { input: { model: "flux-2-dev", prompt: "r" }, wait: false });
    expect(r.isError).toBe(true);
    expect(text(r)).toContain("the API asks to wait 86400 s (24 h)");
    expect(text(r)).toContain("created no task with it");
    expect(text(r)).toMatch(
      /Call create_image_task again with idempotencyKey "mcp-[^"]+" \(the key this call sent\) and the same input once that time has passed/,
    );
  });
});

test("an API gone mid-wait is an error saying it stopped answering, with the last state as the last one seen", async () => {
  const r = await call("wait_for_task", { taskId: "task_g", pollIntervalMs: 1000 });
  expect(r.isError, text(r)).toBe(true);
  expect(text(r)).toContain('The API stopped answering while this call waited for task "task_g"');
  expect(text(r)).toContain('The last it said, before that, was "processing" (10%)');
  expect(text(r)).toContain('Call wait_for_task with taskId "task_g" once the API answers again');
  expect(text(r)).not.toContain("is still");
}, 30_000);

test("a create whose stream drops after `created`, with the API gone after it, says the API stopped answering, not that the task still runs", async () => {
  let asked = 0;
  const gone = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      if (asked++ > 0) return req.socket.destroy();
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write(`event: created\ndata: ${JSON.stringify({ event: "created", task: { ...TASK, id: "task_c" } })}\n\n`);
      // The stream breaks once the task is known; from then on every connection is dropped.
      setImmediate(() => req.socket.destroy());
    });
  });
  await new Promise<void>((r) => gone.listen(0, "127.0.0.1", r));
  const creator = await startMcp({
    env: { MONET_BASE_URL: `http://127.0.0.1:${(gone.address() as AddressInfo).port}`, MONET_MCP_MAX_WAIT: "6000", MONET_POLL_INTERVAL: "1000" },
  });
  try {
    const r = (await creator.client.callTool({ name: "create_image_task", arguments: { input: { model: "flux-2-dev", prompt: "gone" } } })) as any;
    expect(r.isError, text(r)).toBe(true);
    expect(text(r)).toContain('The API stopped answering while this call waited for task "task_c"');
    expect(text(r)).toContain('Call wait_for_task with taskId "task_c" once the API answers again');
  } finally {
    await creator.close();
    gone.closeAllConnections();
    await new Promise((r) => gone.close(r));
  }
}, 30_000);
