// What a raw socket can send the Node adapter, against the built proxy in its own process in
// front of a hostile loopback upstream: nothing crashes the process or escapes the handler,
// every refusal is a JSON error, routing uses the request path only (never the Host header),
// and allowedHosts stops DNS-rebound pages.
import { afterAll, beforeAll, beforeEach, expect, test } from "vitest";
import { spec } from "../../../test/support/spec.ts";
import { hostileUpstream, type ProxyProcess, proxyProcess } from "./support/hostile.ts";
import { http11, rawRequest } from "./support/raw.ts";

const KEY = "monet_raw_socket_SECRET_77";
let upstream: Awaited<ReturnType<typeof hostileUpstream>>;
let open: ProxyProcess;
let pinned: ProxyProcess;

beforeAll(async () => {
  upstream = await hostileUpstream();
  open = await proxyProcess({ apiKey: KEY, baseUrl: upstream.url });
  pinned = await proxyProcess({ apiKey: KEY, baseUrl: upstream.url, allowedHosts: ["app.example", "localhost:3000"] });
});
beforeEach(() => {
  upstream.seen.length = 0;
});
afterAll(async () => {
  open?.stop();
  pinned?.stop();
  await upstream?.close();
});

/** The proxy still answers an ordinary call, so the attack before it did not take it down. */
async function stillServing(proxy: ProxyProcess, port = proxy.plain) {
  const res = await rawRequest(port, http11("GET /api/v1/tasks/list HTTP/1.1", ["Host: localhost:3000"]));
  expect(proxy.crashed(), "the proxy process ended").toBeUndefined();
  expect(res.status).toBe(200);
}

const jsonError = (body: string) => (JSON.parse(body) as { error: { code: string; message: string } }).error;

test.each([
  ["an absolute-form target", 400, "bad_request", http11("GET http://evil.example/api/v1/tasks/list HTTP/1.1")],
  [
    "an absolute-form target on the proxy's own host",
    400,
    "bad_request",
    http11("POST http://127.0.0.1/api/v1/tasks/async HTTP/1.1", ["Host: 127.0.0.1"], "{}"),
  ],
  ["OPTIONS *", 400, "bad_request", http11("OPTIONS * HTTP/1.1")],
  ["TRACE", 405, "method_not_allowed", http11("TRACE /api/v1/tasks/list HTTP/1.1")],
  ["a Host with a space", 400, "bad_host", http11("GET /api/v1/tasks/list HTTP/1.1", ["Host: a b"])],
  ["a Host with an open bracket", 400, "bad_host", http11("GET /api/v1/tasks/list HTTP/1.1", ["Host: [::1"])],
  ["a Host with a port out of range", 400, "bad_host", http11("GET /api/v1/tasks/list HTTP/1.1", ["Host: x:99999"])],
  ["a Host with user info", 400, "bad_host", http11("GET /api/v1/tasks/list HTTP/1.1", ["Host: user@evil.example"])],
  [
    "a Host holding a path (a create turned into an upload)",
    400,
    "bad_host",
    http11("POST /api/v1/tasks/async HTTP/1.1", ["Host: x/api/v1/files?", "Content-Type: application/json"], "{}"),
  ],
  // Audit s19-proxy F6: the first was used, while a front proxy keeping the last sees another host.
  ["two Host headers", 400, "bad_host", http11("GET /api/v1/tasks/list HTTP/1.1", ["Host: localhost", "Host: evil.test"])],
  ["bad percent-encoding", 400, "bad_request", http11("GET /api/v1/tasks/%E0%A4%A HTTP/1.1")],
])("%s is answered with a JSON %i (%s), never forwarded, and the process lives on", async (_name, status, code, request) => {
  const res = await rawRequest(open.plain, request);
  expect(res.status).toBe(status);
  expect(res.headers["content-type"]).toBe("application/json");
  expect(jsonError(res.body).code).toBe(code);
  expect(upstream.seen).toEqual([]);
  await stillServing(open);
});

test("the upstream URL comes from the request path and the configured origin only", async () => {
  const hosts: [ProxyProcess, string][] = [
    [open, "localhost:3000"],
    [open, "[::1]:8080"],
    [open, "127.0.0.1"],
    [pinned, "app.example"],
  ];
  for (const [proxy, host] of hosts) {
    const res = await rawRequest(proxy.plain, http11("POST /api/v1/tasks/async HTTP/1.1", [`Host: ${host}`, "Content-Type: application/json"], "{}"));
    expect(res.status, host).toBe(200);
  }
  expect(upstream.seen.map((s) => `${s.method} ${s.url}`)).toEqual(Array(4).fill("POST /api/v1/tasks/async"));
});

test("createNodeServer answers what never reaches a handler (CONNECT, garbage, huge headers) with JSON errors", async () => {
  expect(open.guarded, "createNodeServer is exported").toBeGreaterThan(0);
  const connect = await rawRequest(open.guarded, "CONNECT evil.example:443 HTTP/1.1\r\nHost: evil.example:443\r\n\r\n");
  expect([connect.status, jsonError(connect.body).code]).toEqual([405, "method_not_allowed"]);
  const garbage = await rawRequest(open.guarded, "HELLO THERE\r\n\r\n");
  expect([garbage.status, jsonError(garbage.body).code]).toEqual([400, "bad_request"]);
  const huge = await rawRequest(open.guarded, http11("GET /api/v1/tasks/list HTTP/1.1", ["Host: 127.0.0.1", `X-Big: ${"a".repeat(64 * 1024)}`]));
  expect([huge.status, jsonError(huge.body).code]).toEqual([431, "headers_too_large"]);
  for (const r of [connect, garbage, huge]) expect(r.headers["content-type"]).toBe("application/json");
  expect(upstream.seen).toEqual([]);
  await stillServing(open, open.guarded);
  // Mounted the documented way, the same requests are closed by Node and crash nothing either.
  await rawRequest(open.plain, "CONNECT evil.example:443 HTTP/1.1\r\nHost: evil.example:443\r\n\r\n");
  await stillServing(open);
});

test.each([
  ["a rebound name", "attacker.example", 421],
  ["a rebound name with the app's port", "attacker.example:3000", 421],
  ["a listed host on another port", "localhost:4000", 421],
])("allowedHosts: %s (%s) is refused with %i and never forwarded", async (_name, host, status) => {
  const res = await rawRequest(pinned.plain, http11("POST /api/v1/tasks/async HTTP/1.1", [`Host: ${host}`, "Content-Type: application/json"], "{}"));
  expect(res.status).toBe(status);
  expect(jsonError(res.body).code).toBe("misdirected_request");
  expect(upstream.seen).toEqual([]);
});

test("allowedHosts: listed hosts pass (a name without a port on any port, case-insensitive); a request with no Host is refused", async () => {
  for (const host of ["app.example", "APP.example:8443", "localhost:3000"]) {
    expect((await rawRequest(pinned.plain, http11("GET /api/v1/tasks/list HTTP/1.1", [`Host: ${host}`]))).status, host).toBe(200);
  }
  const noHost = await rawRequest(pinned.plain, "GET /api/v1/tasks/list HTTP/1.0\r\n\r\n");
  expect([noHost.status, jsonError(noHost.body).code]).toEqual([421, "misdirected_request"]);
  expect(upstream.seen.length).toBe(3);
});

/** The spec's methods on a path (upper case), read from the bundled spec itself. */
const specMethods = (p: string) =>
  Object.keys((spec.paths as Record<string, Record<string, unknown>>)[p])
    .filter((k) => ["get", "put", "post", "delete", "patch", "head", "options"].includes(k))
    .map((m) => m.toUpperCase());
const everySpecMethod = [...new Set(Object.keys(spec.paths).flatMap(specMethods))];

test.each(Object.keys(spec.paths))("TRACE %s: the 405's Allow is the spec's methods of that path, as the handler's own 405 says", async (p) => {
  const target = p.replace("{taskId}", "task_123");
  const res = await rawRequest(open.plain, http11(`TRACE ${target} HTTP/1.1`));
  expect(res.status).toBe(405);
  expect(res.headers.allow.split(", ").sort()).toEqual(specMethods(p).sort());
  const put = await rawRequest(open.plain, http11(`PUT ${target} HTTP/1.1`, ["Host: 127.0.0.1"], "{}"));
  expect(put.status).toBe(405);
  expect(put.headers.allow).toBe(res.headers.allow);
  expect(upstream.seen).toEqual([]);
});

test("TRACE on a path that is no operation gets what any other method gets there (404); CONNECT says which methods the spec has", async () => {
  for (const target of ["/somewhere/else", "/api/v1/nothing"]) {
    const trace = await rawRequest(open.plain, http11(`TRACE ${target} HTTP/1.1`));
    const put = await rawRequest(open.plain, http11(`PUT ${target} HTTP/1.1`, ["Host: 127.0.0.1"], "{}"));
    expect([trace.status, jsonError(trace.body).code], target).toEqual([404, "not_found"]);
    expect(trace.status).toBe(put.status);
    expect(trace.headers.allow).toBeUndefined();
  }
  const connect = await rawRequest(open.guarded, "CONNECT evil.example:443 HTTP/1.1\r\nHost: evil.example:443\r\n\r\n");
  expect(connect.status).toBe(405);
  expect(connect.headers.allow.split(", ").sort()).toEqual(everySpecMethod.sort());
  expect(upstream.seen).toEqual([]);
});

test("TRACE follows the handler's mount (prefix): outside it 404 as for any method, inside it the path's 405", async () => {
  const mounted = await proxyProcess({ apiKey: KEY, baseUrl: upstream.url, prefix: "/monet" });
  try {
    const outside = await rawRequest(mounted.plain, http11("TRACE /elsewhere/api/v1/files HTTP/1.1"));
    const outsidePut = await rawRequest(mounted.plain, http11("PUT /elsewhere/api/v1/files HTTP/1.1", ["Host: 127.0.0.1"], "{}"));
    expect([outside.status, outsidePut.status]).toEqual([404, 404]);
    const inside = await rawRequest(mounted.plain, http11("TRACE /monet/api/v1/files HTTP/1.1"));
    expect(inside.status).toBe(405);
    expect(inside.headers.allow.split(", ").sort()).toEqual(specMethods("/api/v1/files").sort());
    expect(upstream.seen).toEqual([]);
  } finally {
    mounted.stop();
  }
});
