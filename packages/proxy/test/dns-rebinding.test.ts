// Audit s16-mock finding 1: the guide's dev proxy (no authorize, no allowedHosts) listened on every
// interface and answered any Host, so once it held the real key a DNS-rebinding page (Host and
// Origin both the attacker's name) created tasks and listed every output. Now such a proxy answers
// only loopback names and IP literals, and createNodeServer keeps it on loopback.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, expect, test } from "vitest";
import { createMonetProxy } from "../src/index.js";
import { createNodeServer } from "../src/node.js";
import { hostileUpstream, type ProxyProcess, proxyProcess } from "./support/hostile.js";
import { http11, rawRequest } from "./support/raw.js";

const KEY = "monet_rebinding_SECRET_4242";
const jsonError = (body: string) => (JSON.parse(body) as { error: { code: string; message: string } }).error;
let upstream: Awaited<ReturnType<typeof hostileUpstream>>;
let dev: ProxyProcess;
let authorized: ProxyProcess;

beforeAll(async () => {
  upstream = await hostileUpstream();
  // The guide's server.mjs: a key and a base URL, nothing else.
  dev = await proxyProcess({ apiKey: KEY, baseUrl: upstream.url });
  authorized = await proxyProcess({ apiKey: KEY, baseUrl: upstream.url, authorizeAll: true });
});
beforeEach(() => {
  upstream.seen.length = 0;
});
afterAll(async () => {
  dev?.stop();
  authorized?.stop();
  await upstream?.close();
});

/** What a page on a rebound name sends: its own name as Host and Origin, and "same-origin". */
const rebound = (host: string, line = "POST /api/monet/api/v1/tasks/async HTTP/1.1") =>
  http11(
    line,
    [`Host: ${host}`, `Origin: http://${host}`, "Sec-Fetch-Site: same-origin", "Content-Type: application/json"],
    line.startsWith("POST") ? "{}" : "",
  );

test("a proxy with no authorize and no allowedHosts refuses a DNS-rebinding page (421 naming allowedHosts) and forwards nothing", async () => {
  for (const port of [dev.plain, dev.guarded]) {
    for (const request of [
      rebound("rebind.attacker.example:24031"),
      rebound("attacker.example", "GET /api/v1/tasks/list HTTP/1.1"),
      rebound("localhost.attacker.example:3000"),
    ]) {
      const res = await rawRequest(port, request);
      expect(res.status).toBe(421);
      expect(jsonError(res.body).code).toBe("misdirected_request");
      expect(jsonError(res.body).message).toContain("allowedHosts");
    }
  }
  expect(upstream.seen).toEqual([]);
});

test("the same proxy answers the developer's own names: localhost, *.localhost and IP literals", async () => {
  const hosts = ["localhost:3000", "LOCALHOST", "app.localhost:5173", "127.0.0.1:3000", "[::1]:3000", "192.168.1.20:3000", "localhost."];
  for (const host of hosts) expect((await rawRequest(dev.plain, rebound(host))).status, host).toBe(200);
  expect(upstream.seen).toHaveLength(hosts.length);
});

test("a production proxy (authorize, or allowedHosts) still answers the names it is served under", async () => {
  expect((await rawRequest(authorized.plain, rebound("app.example"))).status).toBe(200);
  const pinned = createMonetProxy({ apiKey: KEY, baseUrl: upstream.url, allowedHosts: ["app.example"] });
  const res = await pinned(new Request("http://localhost/api/v1/tasks/list", { headers: { host: "app.example" } }));
  expect(res.status).toBe(200);
  expect(upstream.seen).toHaveLength(2);
});

const listening = async (server: http.Server, ...args: unknown[]) => {
  await new Promise<void>((r) => (server.listen as (...a: unknown[]) => void)(...args, () => r()));
  const address = (server.address() as AddressInfo).address;
  await new Promise((r) => server.close(r));
  return address;
};

test("createNodeServer keeps a proxy with no authorize and no allowedHosts on loopback unless listen names a host", async () => {
  const proxy = createMonetProxy({ apiKey: KEY, baseUrl: upstream.url });
  expect(await listening(createNodeServer(proxy), 0)).toBe("127.0.0.1");
  expect(await listening(createNodeServer(proxy), "0")).toBe("127.0.0.1");
  expect(await listening(createNodeServer(proxy), { port: 0 })).toBe("127.0.0.1");
  expect(await listening(createNodeServer(proxy), 0, 511)).toBe("127.0.0.1");
  // A host named is a host chosen (loopback IPv6 here, so the test opens nothing to the network).
  expect(await listening(createNodeServer(proxy), 0, "::1")).toBe("::1");
  expect(await listening(createNodeServer(proxy), { port: 0, host: "::1" })).toBe("::1");
});

test("a guarded proxy's server keeps Node's listen (every interface by default, as a container needs)", () => {
  const guarded = [
    createMonetProxy({ apiKey: KEY, baseUrl: upstream.url, authorize: () => true }),
    createMonetProxy({ apiKey: KEY, baseUrl: upstream.url, allowedHosts: ["app.example"] }),
  ];
  for (const proxy of guarded) expect(createNodeServer(proxy).listen).toBe(http.Server.prototype.listen);
});
