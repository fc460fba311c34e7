// createNodeServer's time limits fit the client's (audit s14-proxy L1): Node's default bound on a
// whole request (300 s) cut an upload the client still allowed (10 minutes) with a 408, which
// the client retried from zero.
import http from "node:http";
import net, { type AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, test } from "vitest";
import { createMonetProxy } from "../src/index.js";
import { createNodeServer } from "../src/node.js";

const KEY = "monet_node_server_SECRET_5150";
const servers: http.Server[] = [];
const listen = async (server: http.Server) => {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  servers.push(server);
  return (server.address() as AddressInfo).port;
};
let upstreamUrl: string;

beforeAll(async () => {
  // Monet's stand-in: counts the upload's bytes, answers when it ends.
  const upstream = http.createServer({ requestTimeout: 0 }, (req, res) => {
    let bytes = 0;
    req.on("data", (c: Buffer) => (bytes += c.length));
    req.on("end", () => res.writeHead(201, { "content-type": "application/json" }).end(JSON.stringify({ bytes })));
  });
  upstreamUrl = `http://127.0.0.1:${await listen(upstream)}`;
});
afterAll(async () => {
  for (const s of servers) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

/** An upload sent in `parts` chunks of 1 KiB, `gapMs` apart; resolves with what the server said. */
function slowUpload(port: number, parts: number, gapMs: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    let answer = "";
    socket.setEncoding("latin1").on("data", (d: string) => (answer += d));
    socket.on("error", () => {});
    socket.on("close", () => resolve(answer));
    socket.write(
      "POST /api/v1/files HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; boundary=x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n",
    );
    let sent = 0;
    const timer = setInterval(() => {
      if (socket.destroyed) return clearInterval(timer);
      if (sent++ < parts) return void socket.write(`400\r\n${"b".repeat(1024)}\r\n`);
      clearInterval(timer);
      socket.write("0\r\n\r\n");
    }, gapMs);
  });
}

test("createNodeServer does not bound a whole request (the client bounds uploads); the headers' bound stays Node's", async () => {
  const server = createNodeServer(createMonetProxy({ apiKey: KEY, baseUrl: upstreamUrl }));
  expect(server.requestTimeout).toBe(0);
  expect(server.headersTimeout).toBe(http.createServer().headersTimeout);
  // A slow upload goes through whole, its checks run often enough to have cut it were it bounded.
  const fast = createNodeServer(createMonetProxy({ apiKey: KEY, baseUrl: upstreamUrl }), { connectionsCheckingInterval: 50 });
  const answer = await slowUpload(await listen(fast), 12, 50);
  expect(answer).toMatch(/^HTTP\/1\.1 201 /);
  expect(answer).toContain(JSON.stringify({ bytes: 12 * 1024 }));
});

test("a requestTimeout of the app's own bounds uploads again, answered with the proxy's JSON 408", async () => {
  const server = createNodeServer(createMonetProxy({ apiKey: KEY, baseUrl: upstreamUrl }), {
    requestTimeout: 300,
    connectionsCheckingInterval: 50,
  });
  expect(server.requestTimeout).toBe(300);
  // Sent for far longer than the bound: cut, with the proxy's JSON error, before it ends.
  const answer = await slowUpload(await listen(server), 1000, 50);
  expect(answer).toMatch(/^HTTP\/1\.1 408 /);
  expect(answer).toContain('"request_timeout"');
});
