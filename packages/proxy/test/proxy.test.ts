// The proxy in front of the real mock, on a Node http server through the Node adapter, driven by
// the client with no key: every operation works, the key stays on the server.
import { fork } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { Monet } from "@monet-ai/client";
import { type MockServer, startMockServer } from "@monet-ai/mock";
import { afterAll, beforeAll, expect, test } from "vitest";
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
const urlOf = (s: http.Server) => `http://127.0.0.1:${(s.address() as AddressInfo).port}`;

beforeAll(async () => {
  mock = await startMockServer({ port: 0, taskDuration: 300, logger: () => upstreamRequests++ });
  const proxy = createMonetProxy({
    apiKey: KEY,
    baseUrl: mock.url,
    authorize: (req) => req.headers.get("x-user") !== "banned",
  });
  server = await listen(toNodeHandler(proxy));
  base = `${urlOf(server)}/api/monet`;
});
afterAll(async () => {
  server?.close();
  await mock?.close();
});

const browserLike = () => new Monet({ apiKey: null, baseUrl: base });

test("every operation works through the proxy, with no key on the client", async () => {
  const monet = browserLike();
  const done = await monet.tasks.run(
    { type: "image", input: { model: "flux-kontext-pro", prompt: "x", images: [new Blob([new Uint8Array([1, 2, 3])])] } },
    { pollInterval: 30 },
  );
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

test("server-sent events come through one by one: the next is only sent once the client read the first", async () => {
  // An upstream that holds its second event back until the client has the first: a proxy that
  // buffered the stream would never deliver the first, and the test would time out.
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  const upstream = await listen(async (_req, res) => {
    res.writeHead(200, { "content-type": "text/event-stream" });
    res.write('event: created\ndata: {"n":1}\n\n');
    await released;
    res.end('event: success\ndata: {"n":2}\n\n');
  });
  const sse = await listen(toNodeHandler(createMonetProxy({ apiKey: KEY, baseUrl: urlOf(upstream) })));
  try {
    const res = await fetch(`${urlOf(sse)}/api/v1/tasks/sync`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "text/event-stream" },
      body: "{}",
    });
    expect(res.headers.get("content-type")).toBe("text/event-stream");
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = "";
    while (!text.includes("\n\n")) text += (await reader.read()).value ?? "";
    expect(text).toBe('event: created\ndata: {"n":1}\n\n');
    release();
    for (let r = await reader.read(); !r.done; r = await reader.read()) text += r.value;
    expect(text).toMatch(/event: success\ndata: \{"n":2\}\n\n$/);
  } finally {
    release();
    sse.close();
    upstream.close();
  }
}, 10_000);

test("a 50 MB upload streams through: the upstream has bytes before the client sends its last chunk", async () => {
  let total = 0;
  let sawFirstBytes!: () => void;
  const upstreamHasBytes = new Promise<void>((r) => (sawFirstBytes = r));
  const upstream = await listen((req, res) => {
    req.on("data", (c: Buffer) => {
      total += c.length;
      sawFirstBytes();
    });
    req.on("end", () => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ size: total })));
  });
  const streaming = await listen(toNodeHandler(createMonetProxy({ apiKey: KEY, baseUrl: urlOf(upstream) })));
  try {
    const MB = 1024 * 1024;
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      async pull(ctrl) {
        if (sent === 49 * MB) {
          // Hold the last megabyte back until Monet's side has seen data: a proxy that read the
          // whole body first would make this wait forever (and the test fail).
          await Promise.race([
            upstreamHasBytes,
            new Promise((_, reject) => setTimeout(() => reject(new Error("the upstream saw nothing before the body ended: buffered")), 8_000)),
          ]);
        }
        if (sent >= 50 * MB) return ctrl.close();
        ctrl.enqueue(new Uint8Array(MB));
        sent += MB;
      },
    });
    const res = await fetch(`${urlOf(streaming)}/api/v1/files`, {
      method: "POST",
      headers: { "content-type": "multipart/form-data; boundary=x" },
      body,
      duplex: "half",
    } as RequestInit);
    expect(await res.json()).toEqual({ size: 50 * MB });
  } finally {
    streaming.close();
    upstream.close();
  }
}, 20_000);

test("the proxy holds a bounded slice of a 256 MiB upload, not the whole of it", async () => {
  // Client and upstream run in another process: this one holds only the proxy, so its
  // arrayBuffers are the bytes in flight through it (a buffered or teed body would be ~256 MiB).
  const peer = fork(fileURLToPath(new URL("./upload-peer.mjs", import.meta.url)));
  const messages: Record<string, unknown>[] = [];
  let next: (() => void) | undefined;
  peer.on("message", (m: Record<string, unknown>) => {
    messages.push(m);
    next?.();
  });
  const message = async () => {
    while (!messages.length) await new Promise<void>((r) => (next = r));
    return messages.shift()!;
  };
  const { sink } = (await message()) as { sink: string };
  const proxy = await listen(toNodeHandler(createMonetProxy({ apiKey: KEY, baseUrl: sink })));
  const before = process.memoryUsage().arrayBuffers;
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().arrayBuffers - before)), 2);
  try {
    peer.send({ proxy: urlOf(proxy), mb: 256 });
    expect(await message()).toEqual({ status: 200, body: { size: 256 * 2 ** 20 } });
    expect(peak / 2 ** 20).toBeLessThan(128);
  } finally {
    clearInterval(sampler);
    proxy.close();
    peer.kill();
  }
}, 30_000);

test.each([
  ["GET", "/api/v1/admin/users", 404],
  ["GET", "/etc/passwd", 404],
  ["GET", "/api/v1/tasks/a/b", 404],
  ["DELETE", "/api/v1/tasks/task_1", 405],
  ["POST", "/api/v1/tasks/list", 405],
  ["GET", "/api/v1/tasks/async", 405],
  ["GET", "/api/v1/tasks/sync", 405],
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
