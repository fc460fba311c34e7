// Audit s16-mock findings 6 and 10, the proxy's parts: a wrong upstream port was logged as
// "TypeError: fetch failed" (no address, no ECONNREFUSED); a baseUrl aimed at the dev server
// (an HTML answer) was refused with a 502 and logged nothing; and Retry-After-Ms, the finer hint
// the client prefers, was dropped, so a 429 was retried later through the proxy than direct.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, test, vi } from "vitest";
import { freePort } from "../../../test/support/ports.ts";
import { createMonetProxy, type ProxyFailure } from "../src/index.js";
import { toNodeHandler } from "../src/node.js";

const KEY = "monet_operator_line_SECRET_64";
let answer: http.RequestListener = () => {};
const upstream = http.createServer((req, res) => {
  req.resume();
  answer(req, res);
});
let upstreamUrl: string;
const servers: http.Server[] = [];
const listen = async (server: http.Server) => {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  servers.push(server);
  return (server.address() as AddressInfo).port;
};
beforeAll(async () => {
  upstreamUrl = `http://127.0.0.1:${await listen(upstream)}`;
});
afterAll(async () => {
  for (const s of servers) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

/** The proxy behind a real Node server, and what onError was told. */
async function proxyAt(baseUrl: string, withHook = true) {
  const told: [unknown, ProxyFailure][] = [];
  const proxy = createMonetProxy({ apiKey: KEY, baseUrl, ...(withHook ? { onError: (e, f) => void told.push([e, f]) } : {}) });
  return { url: `http://127.0.0.1:${await listen(http.createServer(toNodeHandler(proxy)))}`, told };
}

test("an unreachable upstream is reported with its address and the cause's code, never the key", async () => {
  const closed = `http://127.0.0.1:${await freePort()}`;
  const { url, told } = await proxyAt(closed);
  const res = await fetch(`${url}/api/v1/tasks/list`);
  expect(res.status).toBe(502);
  expect(told).toHaveLength(1);
  const [error, failure] = told[0]!;
  expect(failure).toEqual({ kind: "unreachable", operationId: "listTasks" });
  expect((error as Error).message).toBe(`Monet could not be reached at ${closed}/api/v1/tasks/list: ECONNREFUSED`);
  expect((error as Error).cause).toBeInstanceOf(TypeError);
  expect(String((error as Error).stack)).not.toContain(KEY);
});

test("the default line on stderr says the same", async () => {
  const closed = `http://127.0.0.1:${await freePort()}`;
  const { url } = await proxyAt(closed, false);
  const lines: string[] = [];
  vi.spyOn(console, "error").mockImplementation((line: unknown) => void lines.push(String(line)));
  await fetch(`${url}/api/v1/tasks/list`);
  vi.restoreAllMocks();
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(
    new RegExp(`^\\[monet-proxy\\] unreachable \\(listTasks\\): Error: Monet could not be reached at ${closed}/api/v1/tasks/list: ECONNREFUSED`),
  );
  expect(lines[0]).not.toContain(KEY);
});

test("an answer in a content type the API does not use (a baseUrl aimed at a dev server) reaches onError, naming what came", async () => {
  answer = (_req, res) => res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end("<!doctype html><title>dev server</title>");
  const { url, told } = await proxyAt(upstreamUrl);
  const res = await fetch(`${url}/api/v1/tasks/list`);
  expect(res.status).toBe(502);
  expect((await res.json()).error.code).toBe("bad_gateway");
  expect(told.map(([e, f]) => [(e as Error).message, f])).toEqual([
    [
      `Monet at ${upstreamUrl}/api/v1/tasks/list answered HTTP 200 with "text/html", a content type the API does not use: is baseUrl Monet (or the mock)?`,
      { kind: "bad_answer", operationId: "listTasks" },
    ],
  ]);
});

test("Retry-After-Ms passes to the browser beside Retry-After, and a page on another origin may read it", async () => {
  answer = (_req, res) =>
    res
      .writeHead(429, { "content-type": "application/json", "retry-after": "1", "retry-after-ms": "490" })
      .end('{"error":{"code":"rate_limited","message":"slow down"}}');
  const page = "http://localhost:5173";
  const proxy = createMonetProxy({ apiKey: KEY, baseUrl: upstreamUrl, cors: { origin: page } });
  const url = `http://127.0.0.1:${await listen(http.createServer(toNodeHandler(proxy)))}`;
  const res = await fetch(`${url}/api/v1/tasks/list`, { headers: { origin: page, "sec-fetch-site": "cross-site" } });
  expect(res.status).toBe(429);
  expect(res.headers.get("retry-after")).toBe("1");
  expect(res.headers.get("retry-after-ms")).toBe("490");
  expect(res.headers.get("access-control-expose-headers")?.split(/,\s*/)).toContain("retry-after-ms");
});
