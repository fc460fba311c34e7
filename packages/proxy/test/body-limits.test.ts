// The request body's own bounds (audit s19-proxy F1): a client trickling an upload held an
// upstream connection and a maxConcurrentRequests slot for as long as it liked (two such clients
// made every other call 503 proxy_busy), and no size was ever refused. Raw sockets against a real
// proxy (createNodeServer) in front of a loopback upstream that reads what it is sent.
import http from "node:http";
import net, { type AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, expect, test } from "vitest";
import { operations } from "../src/generated/operations.gen.js";
import { createMonetProxy, type ProxyOptions } from "../src/index.js";
import { createNodeServer } from "../src/node.js";
import { http11, rawRequest } from "./support/raw.ts";

const KEY = "monet_body_limits_SECRET_408";
let started = 0;
let finished = 0;
const upstream = http.createServer({ requestTimeout: 0 }, (req, res) => {
  started++;
  let bytes = 0;
  req.on("data", (c: Buffer) => (bytes += c.length));
  req.on("end", () => {
    finished++;
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ bytes }));
  });
});
let baseUrl: string;
const servers: http.Server[] = [];
const sockets: net.Socket[] = [];

async function listen(server: http.Server) {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return (server.address() as AddressInfo).port;
}
const proxyWith = (options: ProxyOptions) => {
  const server = createNodeServer(createMonetProxy({ apiKey: KEY, baseUrl, onError: () => {}, ...options }));
  servers.push(server);
  return listen(server);
};

beforeAll(async () => {
  baseUrl = `http://127.0.0.1:${await listen(upstream)}`;
});
afterEach(() => {
  started = finished = 0;
  for (const s of sockets.splice(0)) s.destroy();
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    s.close();
  }
  upstream.closeAllConnections();
});
afterAll(() => new Promise((r) => upstream.close(r)));

/** An upload whose headers go out at once and whose body the test writes, and what came back by the time the proxy closed it. */
function upload(port: number, headers: string[] = ["Transfer-Encoding: chunked"]) {
  const socket = net.connect(port, "127.0.0.1");
  sockets.push(socket);
  socket.write(
    ["POST /api/v1/files HTTP/1.1", "Host: 127.0.0.1", "Content-Type: multipart/form-data; boundary=x", ...headers, "Connection: close", "", ""].join("\r\n"),
  );
  let raw = "";
  socket.setEncoding("latin1").on("data", (c: string) => (raw += c));
  socket.on("error", () => {});
  const closed = new Promise<string>((r) => socket.on("close", () => r(raw)));
  return { chunk: (text: string) => socket.write(`${text.length.toString(16)}\r\n${text}\r\n`), end: () => socket.write("0\r\n\r\n"), closed };
}
const answer = (raw: string) => ({
  status: Number(raw.split(" ")[1]),
  error: JSON.parse(raw.slice(raw.lastIndexOf('{"error"'), raw.lastIndexOf("}") + 1)).error,
});

test("two stalled uploads each get a 408 and free their slots: the next call is served, not 503 proxy_busy", async () => {
  const port = await proxyWith({ maxConcurrentRequests: 2, bodyIdleTimeout: 300 });
  const stalled = [upload(port), upload(port)];
  for (const s of stalled) s.chunk("--x\r\n"); // a first byte, then silence
  for (const s of stalled) {
    // The proxy answers and closes the connection: the uploader holds nothing any more.
    const { status, error } = answer(await s.closed);
    expect(status).toBe(408);
    expect(error).toEqual({ code: "request_timeout", message: "The request body sent nothing for 0.3 s (bodyIdleTimeout)." });
  }
  expect(finished).toBe(0); // Monet never got a whole body from them
  const next = await rawRequest(port, http11("GET /api/v1/tasks/list HTTP/1.1"));
  expect(next.status).toBe(200);
});

test("a slow upload that keeps moving is never cut: the idle limit is between two reads", async () => {
  const port = await proxyWith({ bodyIdleTimeout: 1000 });
  const slow = upload(port);
  // 2 s in all, twice the limit, one piece every 100 ms.
  for (let i = 0; i < 20; i++) {
    slow.chunk("abcd");
    await new Promise((r) => setTimeout(r, 100));
  }
  slow.end();
  const body = await slow.closed;
  expect(body).toMatch(/^HTTP\/1.1 200 /);
  expect(body).toContain('{"bytes":80}');
});

test("a declared Content-Length over maxBodyBytes is a 413 before anything is forwarded", async () => {
  const port = await proxyWith({ maxBodyBytes: 1000 });
  const big = upload(port, ["Content-Length: 1001"]);
  const { status, error } = answer(await big.closed);
  expect(status).toBe(413);
  expect(error).toEqual({ code: "body_too_large", message: "The request body is larger than this proxy forwards (maxBodyBytes: 1000 bytes)." });
  expect(started).toBe(0);
});

test("a chunked body that grows past maxBodyBytes is stopped with a 413, and Monet never gets it whole", async () => {
  const port = await proxyWith({ maxBodyBytes: 1000 });
  const big = upload(port);
  for (let i = 0; i < 3; i++) big.chunk("y".repeat(400));
  const { status, error } = answer(await big.closed);
  expect(status).toBe(413);
  expect(error.code).toBe("body_too_large");
  expect(finished).toBe(0);
});

test("by default the largest upload the spec allows fits, and one byte more than its envelope is refused", async () => {
  const port = await proxyWith({});
  const spec = operations.uploadFile.extensions["x-monet-max-upload-bytes"];
  const over = upload(port, [`Content-Length: ${spec + 64 * 1024 + 1}`]);
  const { status, error } = answer(await over.closed);
  expect(status).toBe(413);
  expect(error.message).toContain(`maxBodyBytes: ${spec + 64 * 1024} bytes, `);
});

test.each([0, -1, 1.5, Number.NaN])("maxBodyBytes %s is an error at start-up naming the option", (maxBodyBytes) => {
  expect(() => createMonetProxy({ apiKey: KEY, maxBodyBytes })).toThrow(/maxBodyBytes must be a whole number of bytes, at least 1/);
});
test("bodyIdleTimeout is checked like the other time limits", () => {
  expect(() => createMonetProxy({ apiKey: KEY, bodyIdleTimeout: -5 })).toThrow(/bodyIdleTimeout must be a whole number of milliseconds/);
});
