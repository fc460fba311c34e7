// An authorize that reads the request body (audit s19-proxy F5): the body is the upload the proxy
// forwards as it arrives, so reading it left nothing to send, and every call was a 500
// proxy_error that onError blamed on the Node adapter ("ReadableStream is locked").
import type http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, expect, test } from "vitest";
import { createMonetProxy, type ProxyOptions } from "../src/index.js";
import { createNodeServer } from "../src/node.js";
import { hostileUpstream } from "./support/hostile.ts";

const KEY = "monet_authorize_body_SECRET_5";
let upstream: Awaited<ReturnType<typeof hostileUpstream>>;
const servers: http.Server[] = [];
const told: { message: string; kind: string }[] = [];

beforeAll(async () => {
  upstream = await hostileUpstream();
});
afterEach(() => {
  told.length = 0;
  upstream.seen.length = 0;
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    s.close();
  }
});
afterAll(() => upstream.close());

async function createTask(authorize: ProxyOptions["authorize"]) {
  const server = createNodeServer(
    createMonetProxy({ apiKey: KEY, baseUrl: upstream.url, authorize, onError: (e, f) => told.push({ message: (e as Error).message, kind: f.kind }) }),
  );
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/tasks/async`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ type: "image" }),
  });
}

test("an authorize that reads the request itself is told so: 500 authorize_failed, onError naming authorize and req.clone()", async () => {
  const res = await createTask(async (req) => ((await req.json()) as { type: string }).type === "image");
  expect(res.status).toBe(500);
  expect(((await res.json()) as { error: { code: string } }).error.code).toBe("authorize_failed");
  expect(told).toEqual([{ kind: "authorize", message: expect.stringContaining("req.clone().json()") }]);
  expect(told[0].message).toMatch(/^authorize read the request body/);
  expect(upstream.seen).toEqual([]);
});

test("an authorize that reads a clone decides from the body, and the whole body is forwarded", async () => {
  const res = await createTask(async (req) => ((await req.clone().json()) as { type: string }).type === "image");
  expect(res.status).toBe(200);
  expect(upstream.seen.map((s) => s.headers["content-length"])).toEqual([String(JSON.stringify({ type: "image" }).length)]);
  expect(told).toEqual([]);
});
