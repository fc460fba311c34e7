// Audit s16-mock finding 8 (the proxy's part): a real long task may stay on one progress value for
// minutes and the API sends no heartbeat, so a quiet event stream looked dead: the client's idle
// limit gave up on it (and polled), an EventSource page or a load balancer could cut it, and the
// proxy's own limit ended it at 120 s. Now the proxy sends `: keep-alive` comment lines while
// Monet is quiet; a dead upstream still ends the stream with the API's `event: error`.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Monet } from "@monet-ai/client";
import { afterAll, afterEach, beforeAll, expect, test } from "vitest";
import { createMonetProxy, type ProxyOptions } from "../src/index.js";
import { toNodeHandler } from "../src/node.js";
import { http11, rawRequest } from "./support/raw.ts";

const KEY = "monet_quiet_stream_SECRET_31";
const task = (status: string, progress: number) => ({ id: "task_quiet", type: "image", status, progress, created_at: 1, updated_at: 1 });
const event = (name: string, status: string, progress: number) => `event: ${name}\ndata: ${JSON.stringify({ event: name, task: task(status, progress) })}\n\n`;
const CREATED = event("created", "pending", 0);
const SUCCESS = event("success", "success", 100);

let polls = 0;
let answer: http.RequestListener = () => {};
const upstream = http.createServer((req, res) => {
  if (req.method === "GET") {
    polls++;
    return void res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(task("success", 100)));
  }
  answer(req, res);
});
let upstreamUrl: string;
const servers: http.Server[] = [];
const listen = async (server: http.Server) => {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return (server.address() as AddressInfo).port;
};
async function proxyWith(options: ProxyOptions): Promise<number> {
  const server = http.createServer(toNodeHandler(createMonetProxy({ apiKey: KEY, baseUrl: upstreamUrl, ...options })));
  servers.push(server);
  return listen(server);
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Monet's stream: `parts` written with `gapMs` of silence before each but the first, then the end. */
const streaming =
  (parts: string[], gapMs: number): http.RequestListener =>
  (req, res) => {
    req.resume();
    res.writeHead(200, { "content-type": "text/event-stream" });
    void (async () => {
      for (const [i, part] of parts.entries()) {
        if (i) await sleep(gapMs);
        if (res.destroyed) return;
        res.write(part);
      }
      res.end();
    })();
  };
const streamCreate = (port: number) =>
  rawRequest(port, http11("POST /api/v1/tasks/sync HTTP/1.1", ["Host: 127.0.0.1", "Content-Type: application/json", "Accept: text/event-stream"], "{}"));

beforeAll(async () => {
  upstreamUrl = `http://127.0.0.1:${await listen(upstream)}`;
});
afterEach(() => {
  polls = 0;
  upstream.closeAllConnections();
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    s.close();
  }
});
afterAll(() => new Promise((r) => upstream.close(r)));

test("the real client streams a task that stays quiet for longer than its idle limit, without falling back to polling", async () => {
  // Quiet for 1.5 s, three times the client's idle limit here (500 ms), a comment every 25 ms.
  answer = streaming([CREATED, SUCCESS], 1500);
  const port = await proxyWith({ streamKeepAlive: 25 });
  const monet = new Monet({ apiKey: null, baseUrl: `http://127.0.0.1:${port}`, maxRetries: 0 });
  const seen: string[] = [];
  for await (const e of monet.tasks.stream({ type: "image", input: { model: "flux-2-dev", prompt: "quiet" } }, { idleTimeout: 500, pollInterval: 50 }))
    seen.push(`${e.event}:${e.task.status}`);
  // The comments were no events, and the stream held: the task was never polled.
  expect(seen).toEqual(["created:pending", "success:success"]);
  expect(polls).toBe(0);
});

test("comment lines go out only between lines, never inside one Monet cut across two writes", async () => {
  answer = streaming([CREATED, SUCCESS.slice(0, 25), SUCCESS.slice(25)], 300);
  const res = await streamCreate(await proxyWith({ streamKeepAlive: 50 }));
  expect(res.status).toBe(200);
  expect(res.body).toMatch(/^event: created\n[^\n]*\n\n(: keep-alive\n)+event: success\n/);
  expect(res.body.replaceAll(": keep-alive\n", "")).toBe(CREATED + SUCCESS);
});

test("a dead upstream still ends the stream with the API's error event, after the keep-alives", async () => {
  answer = (req, res) => {
    req.resume();
    res.writeHead(200, { "content-type": "text/event-stream" });
    res.write(CREATED); // then nothing
  };
  const res = await streamCreate(await proxyWith({ streamKeepAlive: 50, streamIdleTimeout: 400, onError: () => {} }));
  expect(res.body).toContain(": keep-alive\n");
  expect(res.body).toContain('event: error\ndata: {"event":"error","error":{"code":"gateway_timeout","message":"Monet sent nothing for 0.4 s');
  expect(res.raw.endsWith("\r\n0\r\n\r\n")).toBe(false);
});

test("the keep-alive interval is checked at start-up", () => {
  expect(() => createMonetProxy({ apiKey: KEY, streamKeepAlive: -1 })).toThrow(/streamKeepAlive must be a whole number of milliseconds/);
});
