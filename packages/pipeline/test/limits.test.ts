// One rate limiter and few status requests for the whole run, against the mock's own rate limit
// (`monet-mock --rate-limit`, and the same limit as a fault over its control API: 429 with
// Retry-After past it): a 429 slows the whole run, and many running tasks are watched through the
// list endpoint, with GETs only for tasks the pages do not reach.

import { Monet } from "@monet-ai/client";
import { createTask } from "@monet-ai/client/operations";
import { afterEach, expect, test, vi } from "vitest";
import { type PipelineEvent, runPipeline } from "../src/index.js";
import { MAX_PAUSE_S, RateLimiter, WATCH, WORK } from "../src/limits.js";
import { type Bench, bench, KEY } from "./helpers.js";

let b: Bench;
afterEach(async () => {
  vi.useRealTimers();
  await b?.close();
});

const fanOut = (n: number, model = "flux-2-dev") => ({
  name: "fan-out",
  items: Array.from({ length: n }, (_, i) => ({ id: `i${i}` })),
  steps: { still: { foreach: "items" as const, type: "image" as const, input: { model, prompt: "A ${{ item.id }}" } } },
});

const limited = (b: Bench) => b.requests.filter((r) => r.status === 429);
const creates = (b: Bench) => b.requests.filter((r) => r.method === createTask.method && r.path === createTask.path && r.status === 200);

test("the mock's steady rate limit (rateLimit 8/s, as monet-mock --rate-limit 8/s) slows the whole run: every task done, each created once, few 429s", async () => {
  b = await bench(400, { rateLimit: { rate: "8/s", burst: 4 } });
  const events: PipelineEvent[] = [];
  // No rateLimit given: the run starts at 20/s and must learn the mock's 8/s from its 429s.
  const m = await runPipeline(fanOut(24), { client: b.monet, outDir: b.out, concurrency: 24, pollInterval: 100, onEvent: (e) => events.push(e) });
  expect(m.summary.succeeded).toBe(24);
  // Retried creates reused their idempotency keys: exactly one task per item.
  expect((await b.tasks()).length).toBe(24);
  expect(creates(b).length).toBe(24);
  // The limit was really met, every 429 was seen by the run and paused it for the mock's Retry-After ...
  expect(limited(b).length).toBeGreaterThan(0);
  expect(m.requests.rateLimited).toBe(limited(b).length);
  expect(m.requests.total).toBe(b.requests.length);
  // ... as Retry-After-Ms gives it: at 8/s the next token is at most 125 ms away (Retry-After alone would round it up to 1 s).
  const pauses = events.flatMap((e) => (e.type === "rate-limited" ? [e.retryAfter] : []));
  expect(pauses.length).toBeGreaterThan(0);
  expect(Math.min(...pauses)).toBeGreaterThan(0);
  expect(Math.max(...pauses)).toBeLessThanOrEqual(0.125);
  // ... and the whole run slowed down: 429s stay a small share (a run that kept to 20/s would get
  // about every other request refused), not one per waiting request. A share, not a count: on a
  // loaded 2-core machine the run's pacing jitters against the mock's clock (7 of its requests
  // met a 429 once where 6 was the bound), while a run that kept to 20/s stays near one in two.
  expect(limited(b).length / b.requests.length).toBeLessThan(0.15);
});

test("a rate limit added over the mock's control API while the run goes slows the rest of it", async () => {
  b = await bench(600);
  let added: Promise<Response> | undefined;
  const m = await runPipeline(fanOut(30), {
    client: b.monet,
    outDir: b.out,
    concurrency: 30,
    pollInterval: 100,
    onEvent: (e) => {
      // Once the first task exists, the account's limit drops to 5 requests a second.
      if (e.type === "task" && e.status === "created" && !added)
        added = fetch(`${b.mock.url}/__mock/faults`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ kind: "rate-limit", rate: "5/s", burst: 2 }),
        });
    },
  });
  expect((await added)?.status).toBe(200);
  expect(m.summary.succeeded).toBe(30);
  expect((await b.tasks()).length).toBe(30);
  expect(creates(b).length).toBe(30);
  expect(limited(b).length).toBeGreaterThan(0);
  expect(m.requests.rateLimited).toBe(limited(b).length);
  expect(limited(b).length).toBeLessThanOrEqual(6);
});

test("a known rate limit (rateLimit) under the mock's own is kept to: no 429 at all", async () => {
  b = await bench(300, { rateLimit: { rate: "8/s", burst: 2 } });
  const m = await runPipeline(fanOut(16), { client: b.monet, outDir: b.out, concurrency: 16, pollInterval: 100, rateLimit: 6 });
  expect(m.summary.succeeded).toBe(16);
  expect(b.requests.length).toBeGreaterThan(16);
  expect(limited(b)).toEqual([]);
});

test("list pages go out before waiting creates: a status round never queues behind a backlog of creates", async () => {
  const limiter = new RateLimiter({ rate: 50 });
  const order: string[] = [];
  const take = (name: string, prio: number) => limiter.acquire(undefined, prio).then(() => order.push(name));
  await Promise.all([take("create 1", WORK), take("create 2", WORK), take("create 3", WORK), take("list page", WATCH), take("create 4", WORK)]);
  // The first create went out at once; the list page took the next turn.
  expect(order).toEqual(["create 1", "list page", "create 2", "create 3", "create 4"]);
  expect(limiter.stats.requests).toBe(5);
});

test("many running tasks are watched through list pages: no GET per task", async () => {
  b = await bench(1500);
  const m = await runPipeline(fanOut(30), { client: b.monet, outDir: b.out, concurrency: 30, pollInterval: 300 });
  expect(m.summary.succeeded).toBe(30);
  expect(m.requests.gets).toBe(0);
  expect(m.requests.listPages).toBeGreaterThan(0);
  expect(m.requests.listPages).toBeLessThan(30);
});

test("with the API's 5 s poll interval, early list rounds see tasks finish, at most 0.4 list page per task plus the 5 s rounds", async () => {
  b = await bench(1500);
  const m = await runPipeline(fanOut(30), { client: b.monet, outDir: b.out, concurrency: 30 });
  expect(m.summary.succeeded).toBe(30);
  expect(m.requests.earlyPages).toBeGreaterThan(0);
  expect(m.requests.earlyPages).toBeLessThanOrEqual(0.4 * 30);
  expect(m.requests.gets).toBe(0);
  // The create of each task plus what watching cost: under the 1.5 requests per task of the bench's goal.
  expect(m.requests.total / 30).toBeLessThanOrEqual(1.5);
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

// 429s pause the run and other failures are retried by the client's policy, each counted apart:
// after eight 429s, a create that then meets two 503s is still retried (the shared count had
// used up the six retries on the 429s, and the task failed).
test("a create retried through 429s still gets the policy's retries for 503s after them", async () => {
  b = await bench(200);
  const fault = (f: object) =>
    fetch(`${b.mock.url}/__mock/faults`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(f) });
  expect((await fault({ kind: "rate-limit", retryAfter: 0, times: 8, method: "POST", path: createTask.path })).status).toBe(200);
  expect((await fault({ kind: "server-error", status: 503, times: 2, method: "POST", path: createTask.path })).status).toBe(200);
  const m = await runPipeline(fanOut(1), { client: b.monet, outDir: b.out, pollInterval: 50 });
  expect(m.summary).toMatchObject({ succeeded: 1, failed: 0 });
  const posts = b.requests.filter((r) => r.method === "POST" && r.path === createTask.path).map((r) => r.status);
  expect(posts).toEqual([...Array(8).fill(429), 503, 503, 200]);
});

// s10 audit item 6: the server's Retry-After is the authority (a request sent earlier is refused
// again); it was cut to 60 s. Fake timers (the limiter's clock and its timers): no 2-minute wait.
test("a 429 with Retry-After: 120 pauses every request of the run for 120 s, not 60; then the run goes on", async () => {
  b = await bench(200);
  const fault = { kind: "rate-limit", retryAfter: 120, times: 1, method: "POST", path: createTask.path };
  const set = await fetch(`${b.mock.url}/__mock/faults`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(fault) });
  expect(set.status).toBe(200);
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "performance"] });
  // On the faked clock: when each request was sent, and when the 429 came back.
  const sent: number[] = [];
  let limitedAt: number | undefined;
  const client = new Monet({
    apiKey: KEY,
    baseUrl: b.mock.url,
    fetch: async (url, init) => {
      sent.push(performance.now());
      const res = await fetch(url, init);
      if (res.status === 429) limitedAt ??= performance.now();
      return res;
    },
  });
  const pauses: number[] = [];
  let settled = false;
  const run = runPipeline(fanOut(2), {
    client,
    outDir: b.out,
    concurrency: 2,
    pollInterval: 100,
    onEvent: (e) => e.type === "rate-limited" && pauses.push(e.retryAfter),
  }).finally(() => (settled = true));
  // Fake time goes on 1 s per turn; real I/O (the mock's answers) gets turns of the event loop between.
  for (let i = 0; !settled && i < 2000; i++) {
    await vi.advanceTimersByTimeAsync(1000);
    for (let j = 0; j < 5; j++) await new Promise((r) => setImmediate(r));
  }
  const m = await run;
  expect(m.summary.succeeded).toBe(2);
  expect(pauses).toEqual([120]);
  expect(limitedAt).toBeDefined();
  const after = sent.filter((t) => t >= limitedAt!);
  expect(after.length).toBeGreaterThan(0);
  // Nothing went out during the pause.
  expect(Math.min(...after) - limitedAt!).toBeGreaterThanOrEqual(120_000);
  expect(MAX_PAUSE_S).toBeGreaterThanOrEqual(600);
}, 120_000);

test("a Retry-After past the cap (a day) pauses for MAX_PAUSE_S, 10 minutes, then lets requests out again", async () => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "performance"] });
  const pauses: number[] = [];
  const limiter = new RateLimiter({ rate: 50 }, (c) => pauses.push(c.retryAfter));
  limiter.limited(86_400);
  expect(pauses).toEqual([600]);
  let out = false;
  const turn = limiter.acquire().then(() => (out = true));
  await vi.advanceTimersByTimeAsync(599_999);
  expect(out).toBe(false);
  await vi.advanceTimersByTimeAsync(1);
  await turn;
  expect(out).toBe(true);
});
