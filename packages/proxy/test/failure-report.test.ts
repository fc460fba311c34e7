// Operators hear of the failures a browser only gets a fixed message for (audit s14-proxy L8): an
// error thrown by authorize became a 500 with no trace behind toNodeHandler/createNodeServer, and
// rejected to the framework (which may render it, a database URL and all) from the standard handler.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, expect, test, vi } from "vitest";
import { createMonetProxy, type ProxyFailure, type ProxyOptions } from "../src/index.js";
import { createNodeServer, toNodeHandler } from "../src/node.js";
import { http11, rawRequest } from "./support/raw.ts";

const KEY = "monet_failure_report_SECRET_42";
const SECRET_DB = "postgres://app:hunter2@db.internal/users";
let seen = 0;
const upstream = http.createServer((req, res) => {
  seen++;
  req.resume();
  res.writeHead(200, { "content-type": "application/json" }).end('{"total":0}');
});
let upstreamUrl: string;
const servers: http.Server[] = [];

const listen = async (server: http.Server) => {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return (server.address() as AddressInfo).port;
};
beforeAll(async () => {
  upstreamUrl = `http://127.0.0.1:${await listen(upstream)}`;
});
afterEach(() => {
  seen = 0;
  vi.restoreAllMocks();
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    s.close();
  }
});
afterAll(() => new Promise((r) => upstream.close(r)));

/** createNodeServer(proxy) with these options, and what onError was told. */
async function served(options: ProxyOptions) {
  const told: [unknown, ProxyFailure][] = [];
  const server = createNodeServer(createMonetProxy({ apiKey: KEY, baseUrl: upstreamUrl, onError: (e, f) => told.push([e, f]), ...options }));
  servers.push(server);
  return { port: await listen(server), told };
}
const list = (port: number) => rawRequest(port, http11("GET /api/v1/tasks/list HTTP/1.1"));
const failing = () => {
  throw new Error(`session lookup failed at ${SECRET_DB}`);
};

test("an authorize that throws: the browser gets 500 authorize_failed without the error, onError gets the error", async () => {
  const { port, told } = await served({ authorize: failing });
  const res = await list(port);
  expect(res.status).toBe(500);
  expect(JSON.parse(res.body)).toEqual({ error: { code: "authorize_failed", message: "This server's authorization check failed." } });
  expect(res.raw).not.toContain("hunter2");
  expect(told).toHaveLength(1);
  expect((told[0][0] as Error).message).toContain(SECRET_DB);
  expect(told[0][1]).toEqual({ kind: "authorize", operationId: "listTasks" });
  expect(seen).toBe(0);
});

test("the standard handler answers that 500 itself: the error never rejects to the framework", async () => {
  const proxy = createMonetProxy({ apiKey: KEY, baseUrl: upstreamUrl, authorize: async () => failing(), onError: () => {} });
  const res = await proxy(new Request("http://localhost/api/v1/tasks/list"));
  expect(res.status).toBe(500);
  expect(await res.text()).not.toContain("hunter2");
});

test("without onError, one line goes to console.error, the key redacted", async () => {
  const lines: string[] = [];
  vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => void lines.push(args.join(" ")));
  const proxy = createMonetProxy({
    apiKey: KEY,
    baseUrl: upstreamUrl,
    authorize: () => {
      throw new Error(`refused with ${KEY}`);
    },
  });
  expect((await proxy(new Request("http://localhost/api/v1/tasks/list"))).status).toBe(500);
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^\[monet-proxy\] authorize \(listTasks\): Error: refused with \[redacted\]/);
  expect(lines[0]).not.toContain(KEY);
});

test("an onError that throws does not change the answer", async () => {
  const proxy = createMonetProxy({
    apiKey: KEY,
    baseUrl: upstreamUrl,
    authorize: failing,
    onError: () => {
      throw new Error("logger down");
    },
  });
  expect((await proxy(new Request("http://localhost/api/v1/tasks/list"))).status).toBe(500);
});

test("Monet unreachable and Monet silent are reported too, with their kind", async () => {
  const closed = http.createServer();
  const closedPort = await listen(closed);
  await new Promise((r) => closed.close(r));
  const unreachable = await served({ baseUrl: `http://127.0.0.1:${closedPort}` });
  expect((await list(unreachable.port)).status).toBe(502);
  expect(unreachable.told.map(([, f]) => f.kind)).toEqual(["unreachable"]);

  const silent = http.createServer(() => {}); // never answers
  servers.push(silent);
  const slow = await served({ baseUrl: `http://127.0.0.1:${await listen(silent)}`, upstreamTimeout: 100 });
  expect((await list(slow.port)).status).toBe(504);
  expect(slow.told.map(([, f]) => f.kind)).toEqual(["upstream_timeout"]);
});

// The Node adapter's own failures (audit s16): what threw while it converted the request or wrote
// the answer was answered 500 proxy_error with no trace. What really reaches it: a Response of the
// app's own (authorize's) with a header value fetch accepts and Node will not write (a control
// character), or an app's own handler that rejects.
const unwritable = (name = "x-reason") => new Response("slow down", { status: 429, headers: { [name]: "quota\x01left" } });

test("an answer Node cannot write: the browser gets 500 proxy_error, onError the error (kind node_adapter, the operation)", async () => {
  const { port, told } = await served({ authorize: () => unwritable() });
  const res = await list(port);
  expect(res.status).toBe(500);
  expect(JSON.parse(res.body).error.code).toBe("proxy_error");
  expect(told).toHaveLength(1);
  expect((told[0][0] as NodeJS.ErrnoException).code).toBe("ERR_INVALID_CHAR");
  expect(told[0][1]).toEqual({ kind: "node_adapter", operationId: "listTasks" });
});

test("without onError, the adapter's failure is one line on console.error, the key redacted", async () => {
  const lines: string[] = [];
  vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => void lines.push(args.join(" ")));
  // Node's error names the header, here one that spells the key (a header name is lower case).
  const key = "monet_adapter_report_secret_7";
  const server = createNodeServer(createMonetProxy({ apiKey: key, baseUrl: upstreamUrl, authorize: () => unwritable(`x-${key}`) }));
  servers.push(server);
  expect((await list(await listen(server))).status).toBe(500);
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^\[monet-proxy\] node_adapter \(listTasks\): TypeError: Invalid character in header content \["x-\[redacted\]"\]/);
  expect(lines[0]).not.toContain(key);
});

test("toNodeHandler(handler, { onError }): an app's own handler that rejects is reported, the browser gets 500 proxy_error", async () => {
  const told: [unknown, ProxyFailure][] = [];
  const server = http.createServer(
    toNodeHandler(
      async () => {
        throw new Error(`lookup failed at ${SECRET_DB}`);
      },
      { onError: (e, f) => told.push([e, f]) },
    ),
  );
  servers.push(server);
  const port = await listen(server);
  const res = await rawRequest(port, http11("POST /app/api/v1/files HTTP/1.1"));
  expect(res.status).toBe(500);
  expect(JSON.parse(res.body).error.code).toBe("proxy_error");
  expect(res.raw).not.toContain("hunter2");
  const other = await rawRequest(port, http11("GET /health HTTP/1.1"));
  expect(other.status).toBe(500);
  expect(told.map(([e, f]) => [(e as Error).message, f])).toEqual([
    [`lookup failed at ${SECRET_DB}`, { kind: "node_adapter", operationId: "uploadFile" }],
    [`lookup failed at ${SECRET_DB}`, { kind: "node_adapter" }],
  ]);
});

test("toNodeHandler of an app's own handler, without onError: one line on console.error, MONET_API_KEY redacted", async () => {
  const lines: string[] = [];
  vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => void lines.push(args.join(" ")));
  vi.stubEnv("MONET_API_KEY", KEY);
  try {
    const server = http.createServer(
      toNodeHandler(async () => {
        throw new Error(`upstream said ${KEY}`);
      }),
    );
    servers.push(server);
    expect((await list(await listen(server))).status).toBe(500);
  } finally {
    vi.unstubAllEnvs();
  }
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^\[monet-proxy\] node_adapter \(listTasks\): Error: upstream said \[redacted\]/);
  expect(lines[0]).not.toContain(KEY);
});
