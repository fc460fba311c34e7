// Bad answers become typed errors or forward-compatible values, never unhandled exceptions; the
// key never follows a redirect to another origin; 200 concurrent runs make 200 tasks.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Monet, MonetError } from "@monet-ai/client";
import { type MockServer, startMockServer } from "@monet-ai/mock";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type Fault, type FaultProxy, startFaultProxy } from "../support/fault-proxy.ts";
import { record } from "./summary.ts";

const KEY = "monet_responses_SECRET_5150";
let mock: MockServer;
let proxy: FaultProxy;
let monet: Monet;

beforeAll(async () => {
  mock = await startMockServer({ port: 0, taskDuration: 150 });
  proxy = await startFaultProxy(mock.url);
  monet = new Monet({ apiKey: KEY, baseUrl: proxy.url, maxRetries: 0 });
});
afterAll(async () => {
  await proxy?.close();
  await mock?.close();
});

describe.each<[Fault, RegExp]>([
  ["html", /Bad Gateway|HTTP 502/],
  ["empty", /empty body/],
  ["status-418", /HTTP 418|teapot/],
  ["truncate", /Connection failed|JSON/],
])("a %s answer", (fault, message) => {
  test("is a typed error for every operation, never an unhandled exception", async () => {
    const calls = [
      () => monet.tasks.list(),
      () => monet.tasks.get("task_x"),
      () => monet.tasks.create({ type: "image", input: { model: "flux-2-dev", prompt: "x" } }),
    ];
    for (const call of calls) {
      proxy.setSchedule(() => fault);
      const err = await (async () => call())().then(
        () => undefined,
        (e) => e,
      );
      expect(err).toBeInstanceOf(MonetError);
      expect(err.message).toMatch(message);
      expect(err.message).not.toContain(KEY);
    }
    proxy.setSchedule(() => "pass");
  });
});

test("an unknown task status is not final: wait keeps polling to the real end", async () => {
  const t = await monet.tasks.create({ type: "image", input: { model: "flux-2-dev", prompt: "x" } });
  proxy.setSchedule(() => "unknown-status");
  const seen: string[] = [];
  const done = await monet.tasks.wait(t.id, { pollInterval: 20, onProgress: (x) => seen.push(x.status) });
  proxy.setSchedule(() => "pass");
  expect(seen).toContain("queued");
  expect(done.status).toBe("success");
});

test("the Authorization header does not follow a redirect to another origin", async () => {
  const seen: (string | undefined)[] = [];
  const other = http.createServer((req, res) => {
    seen.push(req.headers.authorization);
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ tasks: [], page: 1, pageSize: 20, total: 0 }));
  });
  await new Promise<void>((r) => other.listen(0, "127.0.0.1", r));
  const target = `http://localhost:${(other.address() as AddressInfo).port}`;
  const redirector = http.createServer((req, res) => res.writeHead(307, { location: `${target}${req.url}` }).end());
  await new Promise<void>((r) => redirector.listen(0, "127.0.0.1", r));
  try {
    const client = new Monet({ apiKey: KEY, baseUrl: `http://127.0.0.1:${(redirector.address() as AddressInfo).port}`, maxRetries: 0 });
    await client.tasks.list().then(
      () => undefined,
      (e) => e,
    );
    expect(seen.length).toBeLessThanOrEqual(1);
    expect(seen.filter(Boolean)).toEqual([]);
  } finally {
    other.close();
    redirector.close();
  }
});

test("200 concurrent runs finish with 200 distinct tasks, in bounded memory", async () => {
  const direct = new Monet({ apiKey: KEY, baseUrl: mock.url });
  const before = mock.state.tasks.size;
  const heap = process.memoryUsage().heapUsed;
  const done = await Promise.all(
    Array.from({ length: 200 }, (_, i) => direct.tasks.run({ type: "image", input: { model: "flux-1-schnell", prompt: `load ${i}` } }, { pollInterval: 50 })),
  );
  const grew = (process.memoryUsage().heapUsed - heap) / 2 ** 20;
  expect(new Set(done.map((t) => t.id)).size).toBe(200);
  expect(done.every((t) => t.status === "success")).toBe(true);
  expect(mock.state.tasks.size - before).toBe(200);
  expect(grew).toBeLessThan(64);
  record({ suite: "load (200 concurrent run)", cases: 200, tasksCreated: mock.state.tasks.size - before, tasksExpected: 200, secretsLeaked: 0 });
}, 60_000);
