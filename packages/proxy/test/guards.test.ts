// What the proxy lets through, in both directions, against a recording upstream: paths (prefix,
// encoded tricks), request headers, response headers, cross-origin calls and CORS.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, expect, test } from "vitest";
import { createMonetProxy, type ProxyOptions } from "../src/index.js";
import { toNodeHandler } from "../src/node.js";

const KEY = "monet_guarded_SECRET_4242";
let seen: { method: string; url: string; headers: http.IncomingHttpHeaders }[] = [];
const servers: http.Server[] = [];

async function listen(handler: http.RequestListener) {
  const s = http.createServer(handler);
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  servers.push(s);
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
}
let upstreamUrl: string;
/** A proxy in front of the recording upstream, on its own Node server; returns its URL. */
const proxyAt = (options: Partial<ProxyOptions> = {}) => listen(toNodeHandler(createMonetProxy({ apiKey: KEY, baseUrl: upstreamUrl, ...options })));

beforeAll(async () => {
  // A careless upstream: it echoes the key, sets cookies, HSTS and a wide-open CORS policy.
  upstreamUrl = await listen((req, res) => {
    seen.push({ method: req.method!, url: req.url!, headers: req.headers });
    req.resume().on("end", () =>
      res
        .writeHead(200, {
          "content-type": "application/json",
          "x-request-id": "req_1",
          "retry-after": "2",
          "x-debug-auth": String(req.headers.authorization),
          "set-cookie": "upstream=1",
          "strict-transport-security": "max-age=31536000",
          "access-control-allow-origin": "*",
        })
        .end(JSON.stringify({ ok: true })),
    );
  });
});
beforeEach(() => {
  seen = [];
});
afterAll(() => {
  for (const s of servers) s.close();
});

test("only the spec's operations are forwarded, by their API path, with the query", async () => {
  const proxy = await proxyAt();
  for (const [method, path] of [
    ["POST", "/api/v1/tasks/async"],
    ["POST", "/api/v1/tasks/sync"],
    ["GET", "/api/v1/tasks/task_abc%20123"],
    ["GET", "/api/v1/tasks/list?page=2&pageSize=5"],
    ["POST", "/api/v1/files"],
  ]) {
    const res = await fetch(`${proxy}/api/monet${path}`, { method, body: method === "POST" ? "{}" : undefined });
    expect(res.status, `${method} ${path}`).toBe(200);
  }
  expect(seen.map((r) => `${r.method} ${r.url}`)).toEqual([
    "POST /api/v1/tasks/async",
    "POST /api/v1/tasks/sync",
    "GET /api/v1/tasks/task_abc%20123",
    "GET /api/v1/tasks/list?page=2&pageSize=5",
    "POST /api/v1/files",
  ]);
});

test.each([
  ["/api/v1/tasks/..%2F..%2Fadmin", 404],
  ["/api/v1/tasks/%2e%2e", 404],
  ["/api/v1/tasks/a%5Cb", 404],
  ["/api/v1/tasks/%E0%A4%A", 400],
  ["/api/v1/tasks/", 404],
  ["/api/v1/files/x", 404],
  ["/__mock/faults", 404],
])("GET %s is refused (%i) and never forwarded", async (path, status) => {
  const proxy = await proxyAt();
  expect((await fetch(`${proxy}/api/monet${path}`)).status).toBe(status);
  expect(seen).toEqual([]);
});

test("in any runtime, a Host that could reshape a URL built from it is refused before routing", async () => {
  // What a runtime that builds request.url as `http://${host}${target}` hands the handler for
  // `POST /api/v1/tasks/async` with `Host: x/api/v1/files?`: the URL's path now names the upload.
  const handler = createMonetProxy({ apiKey: KEY, baseUrl: upstreamUrl });
  const res = await handler(new Request("http://x/api/v1/files?/api/v1/tasks/async", { method: "POST", headers: { host: "x/api/v1/files?" }, body: "{}" }));
  expect([res.status, (await res.json()).error.code]).toEqual([400, "bad_host"]);
  expect(seen).toEqual([]);
});

test("allowedHosts entries are checked at start-up, naming the bad one", () => {
  expect(() => createMonetProxy({ apiKey: KEY, allowedHosts: ["app.example", "https://app.example/"] })).toThrow(
    /allowedHosts: "https:\/\/app.example\/" is not a host name/,
  );
});

test("a configured prefix is required and stripped", async () => {
  const proxy = await proxyAt({ prefix: "/api/monet/" });
  expect((await fetch(`${proxy}/api/monet/api/v1/tasks/list`)).status).toBe(200);
  expect((await fetch(`${proxy}/elsewhere/api/v1/tasks/list`)).status).toBe(404);
  expect((await fetch(`${proxy}/api/v1/tasks/list`)).status).toBe(404);
  expect(seen.map((r) => r.url)).toEqual(["/api/v1/tasks/list"]);
});

test("the upstream gets the server's key and the API's headers only; the browser gets no key, cookie or foreign policy", async () => {
  const proxy = await proxyAt();
  const res = await fetch(`${proxy}/api/monet/api/v1/tasks/async`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie: "session=abc", authorization: "Bearer monet_browser_own", "x-user": "u1", "last-event-id": "7" },
    body: "{}",
  });
  expect(seen[0].headers.authorization).toBe(`Bearer ${KEY}`);
  expect(seen[0].headers.cookie).toBeUndefined();
  expect(seen[0].headers["x-user"]).toBeUndefined();
  expect(seen[0].headers["content-type"]).toBe("application/json");
  expect(seen[0].headers["last-event-id"]).toBe("7");
  // The spec's response headers pass; the rest of the careless upstream's do not.
  expect(res.headers.get("x-request-id")).toBe("req_1");
  expect(res.headers.get("retry-after")).toBe("2");
  for (const h of ["x-debug-auth", "set-cookie", "strict-transport-security", "access-control-allow-origin"]) expect(res.headers.get(h), h).toBeNull();
  expect(JSON.stringify([...res.headers]) + (await res.text())).not.toContain(KEY);
});

test("a page on another origin is refused unless CORS lists it; a preflight is answered only when configured", async () => {
  const closed = await proxyAt();
  const cross = { origin: "https://evil.example", "sec-fetch-site": "cross-site" };
  // A simple multipart upload needs no preflight: the proxy itself must refuse it.
  expect(
    (await fetch(`${closed}/api/v1/files`, { method: "POST", headers: { ...cross, "content-type": "multipart/form-data; boundary=x" }, body: "--x--" })).status,
  ).toBe(403);
  // Without sec-fetch-site, an Origin that is not this host is cross-origin too.
  expect((await fetch(`${closed}/api/v1/tasks/list`, { headers: { origin: "https://evil.example" } })).status).toBe(403);
  expect((await fetch(`${closed}/api/v1/tasks/list`, { method: "OPTIONS", headers: { ...cross, "access-control-request-method": "GET" } })).status).toBe(405);
  // Same origin passes.
  expect((await fetch(`${closed}/api/v1/tasks/list`, { headers: { origin: closed, "sec-fetch-site": "same-origin" } })).status).toBe(200);
  expect(seen.length).toBe(1);

  const open = await proxyAt({ cors: { origin: ["https://app.example"], allowHeaders: ["x-user"] } });
  const app = { origin: "https://app.example", "sec-fetch-site": "cross-site" };
  const pre = await fetch(`${open}/api/v1/tasks/async`, {
    method: "OPTIONS",
    headers: { ...app, "access-control-request-method": "POST", "access-control-request-headers": "content-type" },
  });
  expect(pre.status).toBe(204);
  expect(pre.headers.get("access-control-allow-origin")).toBe("https://app.example");
  expect(pre.headers.get("access-control-allow-methods")).toBe("POST");
  expect(pre.headers.get("access-control-allow-headers")).toContain("content-type");
  expect(pre.headers.get("access-control-allow-headers")).toContain("x-user");
  expect(pre.headers.get("access-control-allow-headers")).not.toContain("authorization");
  expect((await fetch(`${open}/api/v1/tasks/async`, { method: "OPTIONS", headers: { ...cross, "access-control-request-method": "POST" } })).status).toBe(403);
  // A method the path lacks passes a listed origin's preflight, so the call reads the proxy's own 405.
  const other = await fetch(`${open}/api/v1/tasks/async`, { method: "OPTIONS", headers: { ...app, "access-control-request-method": "DELETE" } });
  expect([other.status, other.headers.get("access-control-allow-methods")]).toEqual([204, "POST, DELETE"]);
  const deleted = await fetch(`${open}/api/v1/tasks/async`, { method: "DELETE", headers: app });
  expect([deleted.status, deleted.headers.get("allow"), deleted.headers.get("access-control-allow-origin")]).toEqual([405, "POST", "https://app.example"]);
  expect(seen.length).toBe(1);

  const res = await fetch(`${open}/api/v1/tasks/list`, { headers: app });
  expect(res.status).toBe(200);
  expect(res.headers.get("access-control-allow-origin")).toBe("https://app.example");
  expect(res.headers.get("access-control-expose-headers")).toBe("retry-after, retry-after-ms, x-request-id");
  expect((await fetch(`${open}/api/v1/tasks/list`, { headers: cross })).status).toBe(403);
  expect(seen.length).toBe(2);
});

test("authorize sees the request before anything is forwarded, and its own Response is returned", async () => {
  const proxy = await proxyAt({ authorize: (req) => (req.headers.get("x-user") === "u1" ? true : new Response("slow down", { status: 429 })) });
  const refused = await fetch(`${proxy}/api/v1/tasks/async`, { method: "POST", body: "{}" });
  expect([refused.status, await refused.text()]).toEqual([429, "slow down"]);
  expect(seen).toEqual([]);
  expect((await fetch(`${proxy}/api/v1/tasks/async`, { method: "POST", headers: { "x-user": "u1" }, body: "{}" })).status).toBe(200);
  expect(seen.length).toBe(1);
});

test("an unreachable Monet is a 502 with the API's error shape", async () => {
  const dead = await listen(() => {});
  servers.at(-1)!.close();
  const proxy = await proxyAt({ baseUrl: dead });
  const res = await fetch(`${proxy}/api/v1/tasks/list`);
  expect(res.status).toBe(502);
  expect((await res.json()).error.code).toBe("bad_gateway");
});

test("the Node adapter says so when a body parser already read the body", async () => {
  const handler = toNodeHandler(createMonetProxy({ apiKey: KEY, baseUrl: upstreamUrl }));
  const proxy = await listen((req, res) => {
    req.resume().on("end", () => void handler(req, res));
  });
  const res = await fetch(`${proxy}/api/v1/tasks/async`, { method: "POST", body: "{}" });
  expect(res.status).toBe(500);
  expect((await res.json()).error.code).toBe("body_consumed");
  expect(seen).toEqual([]);
});
