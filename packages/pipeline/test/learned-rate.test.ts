// s15 audit finding 9: with the rate learned (no rateLimit), 9-16% of a run's requests got 429
// against the mock's token bucket, and text mode printed a line per 429. The first drop measured
// the bucket's burst too (a rate too high), and while 429s kept coming, the rate came down only
// 10% a second. Now a 429 of a request let out after the last drop drops the rate again, deeper
// each time in a row; a request let out before it says nothing about the new rate. The
// `rate-limited` event (and the CLI's line) comes only when the rate changes.
import { afterEach, expect, test, vi } from "vitest";
import { type PipelineEvent, runPipeline } from "../src/index.js";
import { RateLimiter } from "../src/limits.js";
import { type Bench, bench } from "./helpers.js";

let b: Bench;
afterEach(async () => {
  vi.useRealTimers();
  await b?.close();
});

test("429s of requests sent after a drop drop the rate again, deeper each time; those sent before it do not", () => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "performance"] });
  const told: number[] = [];
  const limiter = new RateLimiter({}, (c) => told.push(c.rate));
  const start = limiter.rate;
  vi.advanceTimersByTime(100);
  // Too short a window to measure (nothing accepted since the start): a step down.
  limiter.limited(0, performance.now() - 10);
  const first = limiter.rate;
  expect(first).toBeCloseTo(start * 0.9);
  vi.advanceTimersByTime(50);
  // Let out before that drop: no new information, no drop, no event.
  limiter.limited(0, performance.now() - 60);
  expect(limiter.rate).toBe(first);
  // Let out after it: the new rate is still too high: 19% down this time.
  limiter.limited(0, performance.now() - 10);
  const second = limiter.rate;
  expect(second).toBeCloseTo(first * 0.81);
  vi.advanceTimersByTime(50);
  limiter.limited(0, performance.now() - 10);
  expect(limiter.rate).toBeCloseTo(second * 0.729);
  // One event per change of the rate, never one per 429.
  expect(told).toEqual([first, second, limiter.rate]);
});

test("a 429 again after a pause: measured over the whole span since the last drop, not a window holding the burst the pause refilled", () => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "performance"] });
  const limiter = new RateLimiter();
  vi.advanceTimersByTime(100);
  // The first 429 pauses every request for 1 s (Retry-After: 1).
  limiter.limited(1, performance.now() - 10);
  const first = limiter.rate;
  vi.advanceTimersByTime(1000);
  // A bucket of 10/s (burst 10) refilled during the pause: 10 go through at once, then one each 100 ms.
  for (let i = 0; i < 10; i++) limiter.accept();
  for (let i = 0; i < 10; i++) {
    vi.advanceTimersByTime(100);
    limiter.accept();
  }
  limiter.limited(1, performance.now() - 10);
  // 20 taken in the 2 s since the first drop: 10/s, and just under it. (Measured over the window
  // since the pause ended, the burst made it 20/s, and the rate only came down 10%.)
  expect(limiter.rate).toBeCloseTo(10 * 0.95);
  expect(limiter.rate).toBeLessThan(first * 0.9);
});

test("a fixed rate (rateLimit) is told once, at its first 429", () => {
  const told: number[] = [];
  const limiter = new RateLimiter({ rate: 5 }, (c) => told.push(c.rate));
  for (let i = 0; i < 10; i++) limiter.limited(0, performance.now());
  expect(told).toEqual([5]);
});

test("the mock's token bucket (10/s, Retry-After-Ms) learned: few 429s, one event per rate change", async () => {
  b = await bench(300, { rateLimit: "10/s" });
  const events: PipelineEvent[] = [];
  const items = Array.from({ length: 60 }, (_, i) => ({ id: `i${i}` }));
  const m = await runPipeline(
    { name: "learned", items, steps: { still: { foreach: "items", type: "image", input: { model: "flux-2-dev", prompt: "A ${{ item.id }}" } } } },
    { client: b.monet, outDir: b.out, concurrency: 30, pollInterval: 300, onEvent: (e) => events.push(e) },
  );
  expect(m.summary.succeeded).toBe(60);
  const limited = b.requests.filter((r) => r.status === 429).length;
  expect(m.requests.rateLimited).toBe(limited);
  const rates = events.flatMap((e) => (e.type === "rate-limited" ? [e.rate] : []));
  // Every event says a new rate: a run of 429s at one rate is one line, not one each.
  expect(new Set(rates).size).toBe(rates.length);
  expect(rates.length).toBeLessThanOrEqual(limited);
  // Learning costs a handful (the slow start's overshoot), not 10% of the run.
  expect(limited).toBeLessThanOrEqual(8);
});
