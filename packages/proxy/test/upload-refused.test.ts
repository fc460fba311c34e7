// An upload Monet stops taking (audit s14-proxy L7): an upstream that refuses an oversized body
// and closes the connection while it is still arriving resets it, so its 413 is lost on the way;
// the proxy said "502 Monet could not be reached", which the client retried three times (300 MiB
// sent for a 100 MiB file). Here the upstream resets the connection after 1 MiB, every time.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { APIError, Monet } from "@monet-ai/client";
import { afterAll, afterEach, beforeAll, expect, test } from "vitest";
import { createMonetProxy, type ProxyFailure } from "../src/index.js";
import { createNodeServer } from "../src/node.js";

const KEY = "monet_upload_refused_SECRET_413";
const MiB = 1 << 20;
let attempts = 0;
/** Reads 1 MiB of an upload, then resets the connection (the answer a client loses). */
const upstream = http.createServer({ requestTimeout: 0 }, (req, res) => {
  attempts++;
  let bytes = 0;
  req.on("data", (c: Buffer) => {
    bytes += c.length;
    if (bytes >= MiB) req.socket.resetAndDestroy();
  });
  req.on("end", () => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ bytes })));
});
const told: ProxyFailure[] = [];
let proxy: http.Server;
let proxyUrl: string;

const listen = async (server: http.Server) => {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};
beforeAll(async () => {
  const baseUrl = await listen(upstream);
  proxy = createNodeServer(createMonetProxy({ apiKey: KEY, baseUrl, onError: (_e, f) => told.push(f) }));
  proxyUrl = await listen(proxy);
});
afterEach(() => {
  attempts = 0;
  told.length = 0;
});
afterAll(async () => {
  proxy.closeAllConnections();
  upstream.closeAllConnections();
  await Promise.all([new Promise((r) => proxy.close(r)), new Promise((r) => upstream.close(r))]);
});

test("the client gets a 413 it does not retry, saying Monet closed the connection mid-upload", async () => {
  const monet = new Monet({ apiKey: null, baseUrl: proxyUrl });
  const error = await monet.files.upload(new Uint8Array(64 * MiB), { filename: "big.png" }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(APIError);
  expect((error as APIError).status).toBe(413);
  expect((error as APIError).code).toBe("upload_refused");
  expect((error as APIError).message).toMatch(
    /^Monet closed the connection while this upload was being sent \(\d+(\.\d+)? MiB of 64 MiB had gone out\), without an answer: most often the file is larger than Monet accepts\.$/,
  );
  expect(attempts).toBe(1);
  expect(told.map((f) => f.kind)).toEqual(["upload_refused"]);
});

test("an upstream that could not be reached at all is still a 502 (nothing of the upload went out)", async () => {
  const closed = http.createServer();
  const closedUrl = await listen(closed);
  await new Promise((r) => closed.close(r));
  const handler = createMonetProxy({ apiKey: KEY, baseUrl: closedUrl, onError: () => {} });
  const res = await handler(
    new Request("http://localhost/api/v1/files", { method: "POST", headers: { "content-type": "multipart/form-data; boundary=x" }, body: new Uint8Array(MiB) }),
  );
  expect(res.status).toBe(502);
  expect((await res.json()).error.code).toBe("bad_gateway");
});
