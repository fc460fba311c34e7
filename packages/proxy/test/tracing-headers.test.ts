// Audit s16-mock finding 4: a page whose monitoring SDK adds `traceparent` (OpenTelemetry, Sentry)
// worked against the mock, whose preflight allows any header, and got "Failed to fetch" through
// the proxy, whose preflight allowed only the API's headers. The common tracing headers are now
// allowed by default; they stop at the proxy (never forwarded to Monet).
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, test } from "vitest";
import { createMonetProxy } from "../src/index.js";
import { toNodeHandler } from "../src/node.js";
import { hostileUpstream } from "./support/hostile.js";

const KEY = "monet_tracing_SECRET_9";
const PAGE = "http://localhost:5173";
const TRACE = {
  traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
  tracestate: "vendor=1",
  baggage: "user=a",
  "sentry-trace": "4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-1",
};
let upstream: Awaited<ReturnType<typeof hostileUpstream>>;
let server: http.Server;
let proxyUrl: string;

beforeAll(async () => {
  upstream = await hostileUpstream();
  server = http.createServer(toNodeHandler(createMonetProxy({ apiKey: KEY, baseUrl: upstream.url, cors: { origin: PAGE } })));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  proxyUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server?.closeAllConnections();
  server?.close();
  await upstream?.close();
});

test("the preflight of a page listed in cors allows the tracing headers without cors.allowHeaders", async () => {
  const pre = await fetch(`${proxyUrl}/api/v1/tasks/async`, {
    method: "OPTIONS",
    headers: {
      origin: PAGE,
      "sec-fetch-site": "same-site",
      "access-control-request-method": "POST",
      "access-control-request-headers": `content-type,${Object.keys(TRACE)}`,
    },
  });
  expect(pre.status).toBe(204);
  const allowed = (pre.headers.get("access-control-allow-headers") ?? "").split(/,\s*/);
  for (const h of ["content-type", ...Object.keys(TRACE)]) expect(allowed, h).toContain(h);
  expect(upstream.seen).toEqual([]);
});

test("the call itself goes through, and the tracing headers stop at the proxy", async () => {
  const res = await fetch(`${proxyUrl}/api/v1/tasks/async`, {
    method: "POST",
    headers: { origin: PAGE, "sec-fetch-site": "same-site", "content-type": "application/json", ...TRACE },
    body: "{}",
  });
  expect(res.status).toBe(200);
  expect(res.headers.get("access-control-allow-origin")).toBe(PAGE);
  expect(upstream.seen).toHaveLength(1);
  for (const h of Object.keys(TRACE)) expect(upstream.seen[0]!.headers[h], h).toBeUndefined();
});
