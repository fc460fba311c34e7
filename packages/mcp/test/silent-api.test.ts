// An API that takes requests and never answers (audit s10 F3): every call that creates or waits
// still answers inside MONET_MCP_MAX_WAIT with what the server knows (the idempotency key it
// sent, or the task id) and the call that re-attaches, never the MCP client's "Request timed
// out"; and the agent's retry finds the same task. The SDK client's own timeout is set a few
// seconds past the bound: without the bound every call here would run into it (the fallback
// create or get used to wait 60 s per attempt, with retries).
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { MockServer } from "@monet-ai/mock";
import { afterAll, beforeAll, expect, test } from "vitest";
import { type Started, startLoggedMock, startMcp, text } from "./support.ts";

const MAX_WAIT = 2_000;
/** The agent's client gives up this long after the bound: enough for a loaded machine, far below 60 s. */
const CLIENT_TIMEOUT = { timeout: MAX_WAIT + 8_000 };

/**
 * A loopback API in front of the mock that, while `silent`, forwards each request (so the task is
 * really created) and drops the answer: the connection stays open and nothing comes back. It
 * records the idempotency key of every create it saw.
 */
async function startSilentGate(upstream: string) {
  const gate = { silent: true, keys: [] as string[], seen: [] as string[], url: "", close: async () => {} };
  const pending = new Set<http.ClientRequest>();
  const server = http.createServer((req, res) => {
    const hold = gate.silent;
    const chunks: Buffer[] = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      gate.seen.push(`${req.method} ${req.url}`);
      if (req.method === "POST" && req.url?.startsWith("/api/v1/tasks")) gate.keys.push(JSON.parse(body.toString()).idempotency_key);
      const { host: _host, ...headers } = req.headers;
      const up = http.request(new URL(req.url ?? "/", upstream), { method: req.method, headers, agent: false }, (answer) => {
        if (hold) return void answer.resume(); // handled upstream; the answer is lost
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      pending.add(up);
      up.on("close", () => pending.delete(up));
      up.on("error", () => {});
      up.end(body);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  gate.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  gate.close = async () => {
    for (const up of pending) up.destroy();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  };
  return gate;
}

let mock: MockServer;
let gate: Awaited<ReturnType<typeof startSilentGate>>;
let mcp: Started;

beforeAll(async () => {
  // Tasks that run for an hour: every wait below ends before they do.
  ({ mock } = await startLoggedMock({ taskDuration: 3_600_000 }));
  gate = await startSilentGate(mock.url);
  mcp = await startMcp({ env: { MONET_BASE_URL: gate.url, MONET_MCP_MAX_WAIT: String(MAX_WAIT) } });
}, 30_000);
afterAll(async () => {
  await mcp?.close();
  await gate?.close();
  await mock?.close();
});

const video = { input: { model: "wan-2-5", prompt: "a silent cat", duration: 10, resolution: "1080p" } };
const call = (name: string, args: Record<string, unknown>) => mcp.client.callTool({ name, arguments: args }, undefined, CLIENT_TIMEOUT) as Promise<any>;

test("create_video_task, waiting or not, answers within the bound with the key it sent; the retry finds the one task the API made", async () => {
  const waited = await call("create_video_task", video);
  expect(waited.isError).toBe(true);
  const said = text(waited);
  expect(said).toContain(`No answer from the API within ${MAX_WAIT} ms`);
  expect(said).toContain('Call create_video_task again with idempotencyKey "mcp-');
  expect(said).toContain("without the key re-attaches only until this MCP server restarts");
  const key = /idempotencyKey "([^"]+)"/.exec(said)?.[1];
  expect(key).toMatch(/^mcp-/);
  // Both the stream and the fallback create went out, with that key and no other.
  expect(gate.seen).toEqual(expect.arrayContaining(["POST /api/v1/tasks/sync", "POST /api/v1/tasks/async"]));
  expect(new Set(gate.keys)).toEqual(new Set([key]));

  const now = await call("create_video_task", { ...video, wait: false });
  expect(now.isError).toBe(true);
  expect(text(now)).toContain(`idempotencyKey "${key}"`);

  // The API answers again: the agent's retry (same input, as told) re-attaches to the task.
  gate.silent = false;
  const retry = await call("create_video_task", video);
  expect(retry.isError).toBeFalsy();
  expect(retry.structuredContent.id).toMatch(/^task_/);
  const explicit = await call("create_video_task", { ...video, wait: false, idempotencyKey: key });
  expect(explicit.structuredContent.id).toBe(retry.structuredContent.id);
  expect(new Set(gate.keys)).toEqual(new Set([key]));
  // One task at the API, however many requests reached it.
  expect((await call("list_tasks", { pageSize: 10 })).structuredContent.total).toBe(1);
  gate.silent = true;
}, 60_000);

test("a create with a key of its own is told to call again with that key", async () => {
  const r = await call("create_image_task", { input: { model: "flux-2-dev", prompt: "a kite" }, idempotencyKey: "agent-key-1" });
  expect(r.isError).toBe(true);
  expect(text(r)).toContain('Call create_image_task again with idempotencyKey "agent-key-1" and the same input to re-attach');
}, 60_000);

test.each(["wait_for_task", "get_task"])(
  "%s answers within the bound with the task id and the call that follows it",
  async (tool) => {
    const r = await call(tool, { taskId: "task_1" });
    expect(r.isError).toBe(true);
    expect(text(r)).toContain(`No answer from the API within ${MAX_WAIT} ms`);
    expect(text(r)).toContain(`Call ${tool} with taskId "task_1" again to follow it`);
  },
  60_000,
);
