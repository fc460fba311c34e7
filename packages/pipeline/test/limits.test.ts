// One rate limiter and few status requests for the whole run: a 429 pauses every call for its
// Retry-After (against a rate-limiting loopback proxy in front of the mock), and many running
// tasks are watched through the list endpoint, with GETs only for tasks the pages do not reach.
import { afterEach, expect, test } from "vitest";
import { Monet } from "@monet-ai/client";
import { runPipeline, type PipelineEvent } from "../src/index.js";
import { KEY, bench, type Bench } from "./helpers.js";
import { limitingProxy, type LimitingProxy } from "./limiting-proxy.js";

let b: Bench;
let proxy: LimitingProxy | undefined;
afterEach(async () => {
  await proxy?.close();
  proxy = undefined;
  await b?.close();
});

const fanOut = (n: number, model = "flux-2-dev") => ({
  name: "fan-out",
  items: Array.from({ length: n }, (_, i) => ({ id: `i${i}` })),
  steps: { still: { foreach: "items" as const, type: "image" as const, input: { model, prompt: "A ${{ item.id }}" } } },
});

test("a 429 with Retry-After pauses every request of the run, not just the one that got it", async () => {
  b = await bench(400);
  proxy = await limitingProxy(b.mock.url, { perSecond: 6, burst: 2, retryAfter: 2 });
  // When the run sends each request, and when each 429 comes back, as the client sees them.
  const sent: number[] = [];
  const limitedAt: number[] = [];
  const timed: typeof fetch = async (input, init) => {
    sent.push(Date.now());
    const res = await fetch(input, init);
    if (res.status === 429) limitedAt.push(Date.now());
    return res;
  };
  const client = new Monet({ apiKey: KEY, baseUrl: proxy.url, fetch: timed });
  const events: PipelineEvent[] = [];
  const m = await runPipeline(fanOut(16), { client, outDir: b.out, concurrency: 16, pollInterval: 100, onEvent: (e) => events.push(e) });
  expect(m.summary.succeeded).toBe(16);
  // Retried creates reused their idempotency keys: exactly one task per item.
  expect((await b.tasks()).length).toBe(16);
  expect(limitedAt.length).toBeGreaterThan(0);
  expect(m.requests.rateLimited).toBe(proxy.log.filter((r) => r.status === 429).length);
  expect(events.some((e) => e.type === "rate-limited" && e.retryAfter === 2)).toBe(true);
  // After each 429, the whole run sent nothing during its Retry-After (margins for reading the answer).
  for (const at of limitedAt) expect(sent.filter((t) => t > at + 250 && t < at + 1750), `requests sent within 2 s of the 429 at ${at}`).toEqual([]);
});

test("a known rate limit (rateLimit) is kept to: no 429 at all", async () => {
  b = await bench(300);
  proxy = await limitingProxy(b.mock.url, { perSecond: 8, burst: 5, retryAfter: 1 });
  const client = new Monet({ apiKey: KEY, baseUrl: proxy.url });
  const m = await runPipeline(fanOut(12), { client, outDir: b.out, concurrency: 12, pollInterval: 100, rateLimit: 4 });
  expect(m.summary.succeeded).toBe(12);
  expect(proxy.log.filter((r) => r.status === 429)).toEqual([]);
});

test("many running tasks are watched through list pages: no GET per task", async () => {
  b = await bench(1500);
  const m = await runPipeline(fanOut(30), { client: b.monet, outDir: b.out, concurrency: 30, pollInterval: 300 });
  expect(m.summary.succeeded).toBe(30);
  expect(m.requests.gets).toBe(0);
  expect(m.requests.listPages).toBeGreaterThan(0);
  expect(m.requests.listPages).toBeLessThan(30);
});

test("tasks the list pages do not reach (350 newer tasks on the same key) are asked for one by one", async () => {
  b = await bench(2000);
  let flooded = false;
  let created = 0;
  const m = await runPipeline(fanOut(3), {
    client: b.monet,
    outDir: b.out,
    concurrency: 3,
    pollInterval: 200,
    onEvent: (e) => {
      // Once all three exist, another program on the same key creates 350 tasks: ours sink past page 3.
      if (e.type === "task" && e.status === "created" && e.done === 0 && !flooded && ++created === 3) {
        flooded = true;
        for (let i = 0; i < 350; i++) b.mock.state.tasks.create(KEY, `other-${i}`, "image", { model: "flux-2-dev", prompt: "x" }, "{}");
      }
    },
  });
  expect(flooded).toBe(true);
  expect(m.summary.succeeded).toBe(3);
  expect(m.requests.gets).toBeGreaterThanOrEqual(3);
});
