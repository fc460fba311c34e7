// The proxy in front of the real mock, on a Node http server through the Node adapter, driven by
// the client with no key: every operation works, the key stays on the server.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, test } from "vitest";
import { Monet } from "@monet-ai/client";
import { startMockServer, type MockServer } from "@monet-ai/mock";
import { createMonetProxy } from "../src/index.js";
import { toNodeHandler } from "../src/node.js";

const KEY = "monet_server_side_SECRET_9001";
let mock: MockServer;
let server: http.Server;
let base: string;
let upstreamRequests = 0;

async function listen(handler: http.RequestListener) {
  const s = http.createServer(handler);
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  return s;
}

beforeAll(async () => {
  mock = await startMockServer({ port: 0, taskDuration: 300, logger: () => upstreamRequests++ });
  const proxy = createMonetProxy({
    apiKey: KEY,
    baseUrl: mock.url,
    authorize: (req) => req.headers.get("x-user") !== "banned",
  });
  server = await listen(toNodeHandler(proxy));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/monet`;
});
afterAll(async () => {
  server?.close();
  await mock?.close();
});

const browserLike = () => new Monet({ apiKey: null, baseUrl: base });

test("every operation works through the proxy, with no key on the client", async () => {
  const monet = browserLike();
  const done = await monet.tasks.run({ type: "image", input: { model: "flux-kontext-pro", prompt: "x", images: [new Blob([new Uint8Array([1, 2, 3])])] } }, { pollInterval: 30 });
  expect(done.status).toBe("success");
  const events: string[] = [];
  for await (const e of monet.tasks.stream({ type: "music", input: { model: "minimax-music", prompt: "x" } })) events.push(e.event);
  expect(events.at(-1)).toBe("success");
  expect((await monet.tasks.list()).total).toBeGreaterThanOrEqual(2);
  const f = await monet.files.upload(new Uint8Array(10), { filename: "a.bin" });
  expect(f.size).toBe(10);
  // Every task belongs to the server's key: the browser never needed one.
  expect(mock.state.tasks.all().every((t) => t.owner === KEY)).toBe(true);
});

test("server-sent events come through one by one, not buffered to the end", async () => {
  const res = await fetch(`${base}/api/v1/tasks/sync`, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "text/event-stream" },
    body: JSON.stringify({ type: "image", input: { model: "flux-2-dev", prompt: "x" }, idempotency_key: crypto.randomUUID() }),
  });
  const reader = res.body!.getReader();
  const at: number[] = [];
  const t0 = Date.now();
  for (;;) {
    const { done } = await reader.read();
    if (done) break;
    at.push(Date.now() - t0);
  }
  expect(at.length).toBeGreaterThan(3);
  expect(at.at(-1)! - at[0]).toBeGreaterThan(150);
});

test("a large upload streams through: the upstream gets bytes before the client has sent them all", async () => {
  let firstByteAt = 0;
  let total = 0;
  const upstream = await listen((req, res) => {
    req.on("data", (c: Buffer) => {
      if (!firstByteAt) firstByteAt = Date.now();
      total += c.length;
    });
    req.on("end", () => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ size: total })));
  });
  const streaming = await listen(toNodeHandler(createMonetProxy({ apiKey: KEY, baseUrl: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}` })));
  try {
    const MB = 1024 * 1024;
    let sent = 0;
    let lastChunkAt = 0;
    const body = new ReadableStream<Uint8Array>({
      async pull(ctrl) {
        if (sent >= 50 * MB) return ctrl.close();
        await new Promise((r) => setTimeout(r, sent < 5 * MB ? 20 : 0));
        ctrl.enqueue(new Uint8Array(MB));
        sent += MB;
        lastChunkAt = Date.now();
      },
    });
    const res = await fetch(`http://127.0.0.1:${(streaming.address() as AddressInfo).port}/api/v1/files`, {
      method: "POST",
      headers: { "content-type": "multipart/form-data; boundary=x" },
      body,
      duplex: "half",
    } as RequestInit);
    expect(await res.json()).toEqual({ size: 50 * MB });
    expect(firstByteAt).toBeGreaterThan(0);
    expect(firstByteAt).toBeLessThan(lastChunkAt);
  } finally {
    streaming.close();
    upstream.close();
  }
}, 30_000);

test.each([
  ["GET", "/api/v1/admin/users", 404],
  ["GET", "/etc/passwd", 404],
  ["GET", "/api/v1/tasks/a/b", 404],
  ["DELETE", "/api/v1/tasks/task_1", 405],
  ["POST", "/api/v1/tasks/list", 405],
])("%s %s outside the allowlist gets %i and never reaches Monet", async (method, p, status) => {
  const before = upstreamRequests;
  const res = await fetch(`${base}${p}`, { method });
  expect(res.status).toBe(status);
  expect(upstreamRequests).toBe(before);
});

test("authorize runs first: a refused call never reaches Monet", async () => {
  const before = upstreamRequests;
  const res = await fetch(`${base}/api/v1/tasks/list`, { headers: { "x-user": "banned" } });
  expect(res.status).toBe(403);
  expect(upstreamRequests).toBe(before);
});

test("cookies and the browser's Authorization are not forwarded; the key never comes back", async () => {
  const res = await fetch(`${base}/api/v1/tasks/list`, { headers: { cookie: "session=abc", authorization: "Bearer monet_browser_own_key" } });
  expect(res.status).toBe(200);
  const body = await res.text();
  const headers = JSON.stringify([...res.headers]);
  expect(body + headers).not.toContain(KEY);
  expect(mock.state.tasks.all().some((t) => t.owner === "monet_browser_own_key")).toBe(false);
});

test("a missing server key is a clear error at start-up", () => {
  const saved = process.env.MONET_API_KEY;
  delete process.env.MONET_API_KEY;
  try {
    expect(() => createMonetProxy()).toThrow(/MONET_API_KEY/);
  } finally {
    if (saved !== undefined) process.env.MONET_API_KEY = saved;
  }
});
