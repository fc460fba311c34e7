// The default retry policy as the README documents it, decision by decision, with no server: which
// failures are retried (connection errors, 408, 429, 5xx, a 409 with Retry-After; never another
// 4xx, nor a Retry-After over 60 s), how long before each retry (Retry-After, else 0.5 s doubling
// to 8 s with full jitter), and its bounds (maxRetries 2, a minute of unreachable polls at the
// spec's 5 s interval). A mutation run found each of these could change with every suite green.
import { afterEach, expect, test, vi } from "vitest";
import { APIConnectionError, APIConnectionTimeoutError, APIError, retryPolicy } from "../src/index.js";

afterEach(() => vi.restoreAllMocks());
const answer = (status: number, retryAfter?: number) => new APIError("refused", { status, retryAfter });

test("defaults: 2 retries per call, and 12 polls in a row without an answer (a minute at the spec's 5 s) end a wait", () => {
  const p = retryPolicy();
  expect(p.maxRetries).toBe(2);
  expect(p.maxUnreachablePolls).toBe(12);
  expect(retryPolicy({ maxRetries: 0 }).maxRetries).toBe(0);
});

test("retried: no answer at all, 408, 429 and every 5xx; never another 4xx", () => {
  const { retryable } = retryPolicy();
  expect(retryable(new APIConnectionError("reset"))).toBe(true);
  expect(retryable(new APIConnectionTimeoutError("timed out"))).toBe(true);
  for (const s of [408, 429, 500, 502, 503, 504, 599]) expect(retryable(answer(s)), String(s)).toBe(true);
  for (const s of [400, 401, 402, 403, 404, 407, 409, 410, 413, 422, 499]) expect(retryable(answer(s)), String(s)).toBe(false);
});

test("a 409 is retried only when the server says when (the first request still runs), Retry-After: 0 included", () => {
  const { retryable } = retryPolicy();
  expect(retryable(answer(409))).toBe(false);
  expect(retryable(answer(409, 0))).toBe(true);
  expect(retryable(answer(409, 5))).toBe(true);
  expect(retryable(answer(409, 61))).toBe(false);
});

test("a Retry-After is waited for as given, up to 60 s; beyond, the failure is not retried", () => {
  const p = retryPolicy();
  expect(p.delay(1, answer(429, 0))).toBe(0);
  expect(p.delay(1, answer(429, 2))).toBe(2000);
  expect(p.delay(3, answer(503, 60))).toBe(60_000);
  expect(p.retryable(answer(503, 60))).toBe(true);
  expect(p.retryable(answer(503, 61))).toBe(false);
});

test("without Retry-After: full jitter under 0.5 s doubling to 8 s", () => {
  const p = retryPolicy();
  const err = answer(503);
  // The top of the jitter: each cap, to the millisecond.
  vi.spyOn(Math, "random").mockReturnValue(1);
  expect([1, 2, 3, 4, 5, 6, 10].map((r) => p.delay(r, err))).toEqual([500, 1000, 2000, 4000, 8000, 8000, 8000]);
  // Full jitter: from nothing.
  vi.spyOn(Math, "random").mockReturnValue(0);
  expect(p.delay(4, err)).toBe(0);
});
