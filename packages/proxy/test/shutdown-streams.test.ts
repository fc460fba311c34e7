// closeGracefully's deadline (audit s20 leftover): an event stream still open then was cut by the
// socket's close, possibly mid-event, with nothing to tell it from a network fault. Now it ends
// the way a client can tell: the API's `event: error` saying the server is shutting down, then
// the response ends unfinished (no last chunk), and the real client polls the task it was told of.
import http from "node:http";
import net, { type AddressInfo } from "node:net";
import { Monet } from "@monet-ai/client";
import { afterAll, afterEach, beforeAll, expect, test } from "vitest";
import { createMonetProxy } from "../src/index.js";
import { closeGracefully, createNodeServer } from "../src/node.js";

const KEY = "monet_shutdown_streams_SECRET_77";
const task = (status: string) => ({ id: "task_drain", type: "image", status, progress: status === "success" ? 100 : 0, created_at: 1, updated_at: 1 });
const CREATED = `event: created\ndata: ${JSON.stringify({ event: "created", task: task("pending") })}\n\n`;
/** The chunked encoding's last chunk: the answer ended cleanly. */
const CLEAN_END = "\r\n0\r\n\r\n";

let polls = 0;
/** Monet: a stream that says `created` (or, with `silent`, nothing) and then never ends; a GET finds the task done. */
let silent = false;
const upstream = http.createServer((req, res) => {
  req.resume();
  if (req.method === "GET") {
    polls++;
    return void res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(task("success")));
  }
  res.writeHead(200, { "content-type": "text/event-stream" });
  if (silent) res.flushHeaders();
  else res.write(CREATED);
});
let baseUrl: string;
const servers: http.Server[] = [];

const listen = async (server: http.Server, port = 0) => {
  await new Promise<void>((r) => server.listen(port, "127.0.0.1", r));
  return (server.address() as AddressInfo).port;
};
const proxyServer = () => {
  const server = createNodeServer(createMonetProxy({ apiKey: KEY, baseUrl, onError: () => {} }));
  servers.push(server);
  return server;
};

beforeAll(async () => {
  baseUrl = `http://127.0.0.1:${await listen(upstream)}`;
});
afterEach(() => {
  polls = 0;
  silent = false;
  upstream.closeAllConnections();
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    s.close();
  }
});
afterAll(() => new Promise((r) => upstream.close(r)));

/** A stream's request over a raw socket: resolved once `first` came (headers, or an event), and with all that came at the close. */
function rawStream(port: number, first: string) {
  const socket = net.connect(port, "127.0.0.1");
  socket.write(["POST /api/v1/tasks/sync HTTP/1.1", "Host: 127.0.0.1", "Content-Type: application/json", "Content-Length: 2", "", "{}"].join("\r\n"));
  let raw = "";
  socket.setEncoding("latin1").on("error", () => {});
  const arrived = new Promise<void>((r) =>
    socket.on("data", (c: string) => {
      raw += c;
      if (raw.includes(first)) r();
    }),
  );
  const closed = new Promise<string>((r) => socket.on("close", () => r(raw)));
  return { arrived, closed };
}

test("a stream open at the deadline gets the API's error event saying the server is shutting down, then ends unfinished", async () => {
  const server = proxyServer();
  const stream = rawStream(await listen(server), "event: created");
  await stream.arrived;
  await closeGracefully(server, { timeout: 200 });
  const raw = await stream.closed;
  expect(raw).toContain(
    'event: error\ndata: {"event":"error","error":{"code":"service_unavailable","message":"This server is shutting down: the proxy ended this stream (the task goes on: get it by id)."}}\n\n',
  );
  // After the created event, never inside it.
  expect(raw.indexOf("event: error")).toBeGreaterThan(raw.indexOf('"status":"pending"'));
  expect(raw.endsWith(CLEAN_END)).toBe(false);
});

test("a stream that sent no event yet is cut without one (the client knows no task: it sends the create again)", async () => {
  silent = true;
  const server = proxyServer();
  const stream = rawStream(await listen(server), "\r\n\r\n");
  await stream.arrived;
  await closeGracefully(server, { timeout: 200 });
  const raw = await stream.closed;
  expect(raw).toMatch(/^HTTP\/1.1 200 /);
  expect(raw).not.toContain("event: error");
  expect(raw.endsWith(CLEAN_END)).toBe(false);
});

test("the real client takes the shutdown's last event for a lost stream and polls its task, from the server that replaced this one", async () => {
  const server = proxyServer();
  const port = await listen(server);
  const monet = new Monet({ apiKey: null, baseUrl: `http://127.0.0.1:${port}`, maxRetries: 5 });
  const seen: string[] = [];
  for await (const e of monet.tasks.stream({ type: "image", input: { model: "flux-2-dev", prompt: "deploy" } }, { pollInterval: 50 })) {
    seen.push(`${e.event}:${e.task.status}`);
    if (e.event === "created") {
      // The deploy: this server drains, and the next one listens where it did.
      await closeGracefully(server, { timeout: 200 });
      await listen(proxyServer(), port);
    }
  }
  expect(seen).toEqual(["created:pending", "success:success"]);
  expect(polls).toBeGreaterThan(0);
});
