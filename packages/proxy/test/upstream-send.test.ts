// An upstream that accepts the connection and never reads the request body (or reads it a byte a
// minute): bodyIdleTimeout counts only the uploader's silence and upstreamTimeout starts at the
// body's last byte, so such an upstream held the proxy's slot and the browser's upload for ever.
// upstreamSendTimeout bounds it between two pieces taken, as nginx's proxy_send_timeout.
import net, { type AddressInfo } from "node:net";
import { afterEach, expect, test } from "vitest";
import { createMonetProxy, type ProxyOptions } from "../src/index.js";
import { createNodeServer } from "../src/node.js";
import { http11, rawRequest } from "./support/raw.ts";

const KEY = "monet_upstream_send_SECRET_504";
const closers: (() => void)[] = [];
afterEach(() => {
  for (const close of closers.splice(0)) close();
});

async function listen(server: net.Server) {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  closers.push(() => server.close());
  return (server.address() as AddressInfo).port;
}

/** A raw upstream: a GET is answered at once; a POST is left unread after its first bytes, its connection open. */
async function upstreamThatNeverReads() {
  const sockets: net.Socket[] = [];
  const posts = { count: 0 };
  const server = net.createServer((socket) => {
    sockets.push(socket);
    socket.on("error", () => {});
    socket.once("data", (first: Buffer) => {
      if (first.toString("latin1").startsWith("GET ")) {
        const body = '{"items":[],"total":0}';
        socket.end(`HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\nconnection: close\r\n\r\n${body}`);
        return;
      }
      posts.count++;
      socket.pause(); // and never resumed: the kernel's buffers fill, then nothing more goes in
    });
  });
  const port = await listen(server);
  closers.push(() => {
    for (const s of sockets) s.destroy();
  });
  return { baseUrl: `http://127.0.0.1:${port}`, posts };
}

async function proxyWith(options: ProxyOptions) {
  const told: string[] = [];
  const server = createNodeServer(createMonetProxy({ apiKey: KEY, onError: (_e, { kind }) => void told.push(kind), ...options }));
  closers.push(() => {
    server.closeAllConnections();
    server.close();
  });
  return { port: await listen(server), told };
}

/** An upload far larger than the loopback socket buffers (so it cannot all go in unread), written at once. */
function bigUpload(port: number) {
  const size = 48 * 2 ** 20;
  const socket = net.connect(port, "127.0.0.1");
  closers.push(() => socket.destroy());
  let raw = "";
  socket.setEncoding("latin1").on("data", (c: string) => (raw += c));
  socket.on("error", () => {});
  socket.write(
    [
      "POST /api/v1/files HTTP/1.1",
      "Host: 127.0.0.1",
      "Content-Type: multipart/form-data; boundary=x",
      `Content-Length: ${size}`,
      "Connection: close",
      "",
      "",
    ].join("\r\n"),
  );
  socket.write(Buffer.alloc(size, "a"));
  return new Promise<string>((r) => socket.on("close", () => r(raw)));
}

test("an upstream that never reads the upload: 504 gateway_timeout naming upstreamSendTimeout, the connection closed, the slot freed", async () => {
  const upstream = await upstreamThatNeverReads();
  const { port, told } = await proxyWith({ baseUrl: upstream.baseUrl, upstreamSendTimeout: 300, maxConcurrentRequests: 1 });
  const raw = await bigUpload(port);
  expect(raw).toMatch(/^HTTP\/1.1 504 /);
  expect(JSON.parse(raw.slice(raw.lastIndexOf('{"error"'), raw.lastIndexOf("}") + 1)).error).toEqual({
    code: "gateway_timeout",
    message: "Monet took none of the request body for 0.3 s (upstreamSendTimeout).",
  });
  expect(upstream.posts.count).toBe(1);
  expect(told).toEqual(["upstream_timeout"]);
  // The one slot is free again: the next call is served, not 503 proxy_busy.
  const next = await rawRequest(port, http11("GET /api/v1/tasks/list HTTP/1.1"));
  expect(next.status).toBe(200);
});

test("upstreamSendTimeout is checked like the other time limits", () => {
  expect(() => createMonetProxy({ apiKey: KEY, upstreamSendTimeout: -1 })).toThrow(/upstreamSendTimeout must be a whole number of milliseconds/);
});
