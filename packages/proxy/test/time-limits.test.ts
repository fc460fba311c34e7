// The proxy's own time limits and cap (audit s14-proxy L6): an upstream that never answered held
// the browser until undici's 300 s, a quiet event stream was cut at 300 s with no error, a
// hanging authorize was never timed out, and every request opened its own upstream socket.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, expect, test } from "vitest";
import { createMonetProxy, type ProxyOptions } from "../src/index.js";
import { toNodeHandler } from "../src/node.js";
import { http11, rawRequest } from "./support/raw.ts";

const KEY = "monet_time_limits_SECRET_77";
let seen = 0;
let answer: http.RequestListener = () => {};
const upstream = http.createServer({ requestTimeout: 0 }, (req, res) => {
  seen++;
  answer(req, res);
});
let upstreamUrl: string;
const servers: http.Server[] = [];

async function listen(server: http.Server) {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return (server.address() as AddressInfo).port;
}
/** A Node server (the documented mount) in front of the upstream, with these options. */
async function proxyWith(options: ProxyOptions): Promise<number> {
  const server = http.createServer(toNodeHandler(createMonetProxy({ apiKey: KEY, baseUrl: upstreamUrl, ...options })));
  servers.push(server);
  return listen(server);
}

beforeAll(async () => {
  upstreamUrl = `http://127.0.0.1:${await listen(upstream)}`;
});
afterEach(() => {
  seen = 0;
  upstream.closeAllConnections();
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    s.close();
  }
});
afterAll(() => new Promise((r) => upstream.close(r)));

const list = (port: number) => rawRequest(port, http11("GET /api/v1/tasks/list HTTP/1.1"));
const streamCreate = (port: number) =>
  rawRequest(port, http11("POST /api/v1/tasks/sync HTTP/1.1", ["Host: 127.0.0.1", "Content-Type: application/json", "Accept: text/event-stream"], "{}"));
const EVENT = 'event: progress\ndata: {"event":"progress","task":{"id":"task_1","status":"processing"}}\n\n';
/** The chunked encoding's last chunk: its absence means the answer did not end cleanly. */
const CLEAN_END = "\r\n0\r\n\r\n";

test("an upstream that never answers gets a 504 gateway_timeout in the API's error shape", async () => {
  answer = () => {}; // headers never come
  const res = await list(await proxyWith({ upstreamTimeout: 200 }));
  expect(res.status).toBe(504);
  expect(JSON.parse(res.body)).toEqual({ error: { code: "gateway_timeout", message: "Monet did not answer within 0.2 s." } });
  expect(res.raw).not.toContain(KEY);
});

test("an upload slower than upstreamTimeout is not cut: the limit runs from its last byte", async () => {
  answer = (req, res) => {
    let bytes = 0;
    req.on("data", (c: Buffer) => (bytes += c.length));
    req.on("end", () => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ bytes })));
  };
  const port = await proxyWith({ upstreamTimeout: 100 });
  // 8 parts, 60 ms apart: about 5 times the limit from first byte to last.
  const parts = 8;
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    async pull(c) {
      if (sent === parts) return c.close();
      if (sent++) await new Promise((r) => setTimeout(r, 60));
      c.enqueue(new Uint8Array(1024));
    },
  });
  const res = await fetch(`http://127.0.0.1:${port}/api/v1/files`, {
    method: "POST",
    headers: { "content-type": "multipart/form-data; boundary=x" },
    body,
    duplex: "half",
  } as RequestInit);
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ bytes: parts * 1024 });
});

test("an answer Monet sends before the upload ends is not cut when the upload then ends", async () => {
  answer = (req, res) => {
    // Answers at once, then streams while the body is still arriving; ends after it.
    res.writeHead(200, { "content-type": "text/event-stream" });
    res.write(EVENT);
    req.resume().on("end", () => {
      const tick = setInterval(() => res.write(EVENT), 50);
      setTimeout(() => {
        clearInterval(tick);
        res.end();
      }, 400);
    });
  };
  const port = await proxyWith({ upstreamTimeout: 100 });
  const res = await fetch(`http://127.0.0.1:${port}/api/v1/tasks/sync`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: new ReadableStream<Uint8Array>({
      async start(c) {
        c.enqueue(new TextEncoder().encode("{"));
        await new Promise((r) => setTimeout(r, 50));
        c.enqueue(new TextEncoder().encode("}"));
        c.close();
      },
    }),
    duplex: "half",
  } as RequestInit);
  // 400 ms of events after the body's last byte, four times upstreamTimeout: all arrive, and the end is clean.
  const text = await res.text();
  expect(text.startsWith(EVENT)).toBe(true);
  expect(text).not.toContain("event: error");
});

test("a quiet event stream ends with the API's error event, then in error (no clean end)", async () => {
  answer = (req, res) => {
    req.resume();
    res.writeHead(200, { "content-type": "text/event-stream" });
    res.write(EVENT); // then nothing
  };
  const res = await streamCreate(await proxyWith({ streamIdleTimeout: 200 }));
  expect(res.status).toBe(200);
  const events = res.raw.slice(res.raw.indexOf("\r\n\r\n"));
  expect(events).toContain(EVENT);
  expect(events).toContain(
    'event: error\ndata: {"event":"error","error":{"code":"gateway_timeout","message":"Monet sent nothing for 0.2 s: the proxy ended this answer (a task may still be running: get it by id)."}}\n\n',
  );
  expect(res.raw.endsWith(CLEAN_END)).toBe(false);
});

test("an event stream whose upstream connection breaks says so the same way (bad_gateway)", async () => {
  answer = (req, res) => {
    req.resume();
    res.writeHead(200, { "content-type": "text/event-stream" });
    res.write(EVENT, () => setTimeout(() => res.destroy(), 50));
  };
  const res = await streamCreate(await proxyWith({}));
  expect(res.raw).toContain(EVENT);
  expect(res.raw).toContain('event: error\ndata: {"event":"error","error":{"code":"bad_gateway"');
  expect(res.raw.endsWith(CLEAN_END)).toBe(false);
});

test("a fetch reader of that stream reads the error event, then its read() rejects", async () => {
  answer = (req, res) => {
    req.resume();
    res.writeHead(200, { "content-type": "text/event-stream" });
    res.write(EVENT);
  };
  const port = await proxyWith({ streamIdleTimeout: 200 });
  const res = await fetch(`http://127.0.0.1:${port}/api/v1/tasks/sync`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  const failure = await (async () => {
    for (;;) {
      const chunk = await reader.read();
      if (chunk.done) return "clean end";
      text += chunk.value;
    }
  })().catch((e: Error) => e);
  expect(text).toContain("event: error");
  expect(failure).toBeInstanceOf(Error);
});

test("a stream that is long but never quiet for the limit passes whole and ends cleanly", async () => {
  answer = (req, res) => {
    req.resume();
    res.writeHead(200, { "content-type": "text/event-stream" });
    let n = 0;
    const tick = setInterval(() => {
      res.write(EVENT);
      if (++n === 10) {
        clearInterval(tick);
        res.end();
      }
    }, 50);
  };
  // 10 events 50 ms apart: 500 ms in all, well over the 200 ms silence allowed.
  const res = await streamCreate(await proxyWith({ streamIdleTimeout: 200 }));
  expect(res.body).toBe(EVENT.repeat(10));
  expect(res.raw.endsWith(CLEAN_END)).toBe(true);
});

test("a hanging authorize is answered 503 authorize_timeout and nothing is forwarded", async () => {
  const res = await list(await proxyWith({ authorizeTimeout: 200, authorize: () => new Promise<boolean>(() => {}) }));
  expect(res.status).toBe(503);
  expect(JSON.parse(res.body).error.code).toBe("authorize_timeout");
  expect(seen).toBe(0);
});

test("over maxConcurrentRequests a request is refused 503 proxy_busy with Retry-After, and a slot frees when a stream ends", async () => {
  const open: http.ServerResponse[] = [];
  answer = (req, res) => {
    req.resume();
    res.writeHead(200, { "content-type": "text/event-stream" });
    res.write(EVENT);
    open.push(res);
  };
  const port = await proxyWith({ maxConcurrentRequests: 2 });
  const streams = [streamCreate(port), streamCreate(port)];
  await expect.poll(() => open.length).toBe(2);
  const refused = await list(port);
  expect(refused.status).toBe(503);
  expect(refused.headers["retry-after"]).toBe("1");
  expect(JSON.parse(refused.body).error.code).toBe("proxy_busy");
  expect(seen).toBe(2);
  // One stream ends: its slot is free again.
  open[0].end();
  await streams[0];
  answer = (_req, res) => res.writeHead(200, { "content-type": "application/json" }).end('{"total":0}');
  expect((await list(port)).status).toBe(200);
  open[1].end();
  await streams[1];
});

test("a browser that leaves frees its slot", async () => {
  answer = (req, res) => {
    req.resume();
    res.writeHead(200, { "content-type": "text/event-stream" });
    res.write(EVENT);
  };
  const port = await proxyWith({ maxConcurrentRequests: 1 });
  const ctrl = new AbortController();
  const res = await fetch(`http://127.0.0.1:${port}/api/v1/tasks/sync`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: "{}",
    signal: ctrl.signal,
  });
  expect(res.status).toBe(200);
  ctrl.abort();
  answer = (_req, r) => r.writeHead(200, { "content-type": "application/json" }).end('{"total":0}');
  await expect.poll(async () => (await list(port)).status).toBe(200);
});

test.each([
  ["upstreamTimeout", -1],
  ["streamIdleTimeout", 1.5],
  ["authorizeTimeout", 2 ** 31],
  ["maxConcurrentRequests", 0],
] as const)("%s %s is an error at start-up naming the option", (name, value) => {
  expect(() => createMonetProxy({ apiKey: KEY, baseUrl: "http://127.0.0.1:1", [name]: value })).toThrow(`The Monet proxy's ${name} must be`);
});
