// A request a server will not read for its size (414, 431) says so: a get of a 200,000-character
// task id ended as a bare APIError "HTTP 431" (audit s20-client F8). The reference gives ids no
// length, so such an id is still sent; the answer explains itself. Against real loopback servers:
// Node's own HTTP parser (it answers 431 past its header size, request line included, with no
// body), and one that answers 414.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, expect, test } from "vitest";
import { APIError, Monet } from "../src/index.js";

let server: http.Server | undefined;
afterEach(() => new Promise((r) => (server ? server.close(r) : r(undefined))));

async function serve(handler: http.RequestListener) {
  server = http.createServer(handler);
  await new Promise<void>((r) => server?.listen(0, "127.0.0.1", r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}
const client = (baseUrl: string) => new Monet({ apiKey: "monet_sk_test_too_large", baseUrl, maxRetries: 0 });

test("a task id too long for the server's header limit is an APIError 431 saying the request line or headers were too large", async () => {
  let reached = 0;
  const url = await serve((_req, res) => {
    reached++;
    res.end();
  });
  const id = "a".repeat(200_000);
  const err = await client(url)
    .tasks.get(id)
    .catch((e) => e);
  expect(reached).toBe(0);
  expect(err).toBeInstanceOf(APIError);
  expect(err.status).toBe(431);
  expect(err.message).toMatch(/^HTTP 431: the request was too large for the server: its request line \(method and URL \(\d+ characters\)\) or its headers\./);
  expect(err.message).toContain("A long task id in the path is the usual cause");
});

test("a 414 says the URL was too long, with its length", async () => {
  const url = await serve((_req, res) => {
    res.writeHead(414);
    res.end();
  });
  const err = await client(url)
    .tasks.get("a".repeat(5000))
    .catch((e) => e);
  expect(err.status).toBe(414);
  expect(err.message).toMatch(/^HTTP 414: the request was too large for the server: its URL \(\d{4} characters\)\./);
});

test("a 414 or 431 whose body is the API's JSON error keeps the server's message", async () => {
  const url = await serve((_req, res) => {
    res.writeHead(431, { "content-type": "application/json" });
    res.end(JSON.stringify({ error: { code: "too_large", message: "headers too large" } }));
  });
  const err = await client(url)
    .tasks.get("task_1")
    .catch((e) => e);
  expect(err.message).toBe("headers too large");
});
