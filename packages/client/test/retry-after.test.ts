// A Retry-After longer than the policy waits for (60 s) ends the call at once with the 429,
// carrying `retryAfter`, for HTTP calls, `wait` and `stream` alike: retried sooner it is refused
// again (the audit saw an hour's 429 retried twice within a second), waited for, the caller hangs.
// Against the real mock's rate-limit fault.
import { afterEach, expect, test } from "vitest";
import { RateLimitError, type RetryInfo } from "../src/index.js";
import { type Harness, harness } from "./helpers.js";

let h: Harness | undefined;
afterEach(() => h?.close());
const input = { type: "image", input: { model: "flux-2-dev", prompt: "x" } } as const;

test.each([
  ["an HTTP call", "GET", (h: Harness, id: string) => h.monet.tasks.get(id)],
  ["wait", "GET", (h: Harness, id: string) => h.monet.tasks.wait(id, { pollInterval: 20 })],
  [
    "stream",
    "POST",
    async (h: Harness) => {
      for await (const _ of h.monet.tasks.stream(input, { pollInterval: 20 }));
    },
  ],
] as const)("%s: a 429 asking for 3600 s is not retried; the error says how long", async (_, method, call) => {
  const seen: RetryInfo[] = [];
  h = await harness({ maxRetries: 2, retry: { onRetry: (i) => seen.push(i) } });
  const task = await h.monet.tasks.create(input);
  const before = h.sent.length;
  await h.fault({ kind: "rate-limit", retryAfter: 3600, times: 5, method });
  const err = await call(h, task.id).catch((e) => e);
  expect(err).toBeInstanceOf(RateLimitError);
  expect(err.retryAfter).toBe(3600);
  expect(seen).toEqual([]);
  expect(h.sent.length - before).toBe(1);
});

test("a 429 asking for 60 s or less is still waited for and retried", async () => {
  const seen: RetryInfo[] = [];
  h = await harness({ maxRetries: 1, retry: { onRetry: (i) => seen.push(i) } });
  await h.fault({ kind: "rate-limit", retryAfter: 0, times: 1 });
  await h.monet.tasks.list();
  expect(seen.map((i) => i.delay)).toEqual([0]);
});

// One bound, read by the client's policy and by what tools tell their user about a longer wait
// (the MCP server's rate-limited message): MAX_RETRY_AFTER_S, exported with the operations table.
test("the policy waits for a Retry-After of MAX_RETRY_AFTER_S (60 s), and for no longer one", async () => {
  const { MAX_RETRY_AFTER_S } = await import("../src/operations.js");
  const { retryPolicy } = await import("../src/index.js");
  expect(MAX_RETRY_AFTER_S).toBe(60);
  const p = retryPolicy();
  const limited = (retryAfter: number) => Object.assign(new RateLimitError("slow down", { status: 429 }), { retryAfter });
  expect(p.retryable(limited(MAX_RETRY_AFTER_S))).toBe(true);
  expect(p.delay(1, limited(MAX_RETRY_AFTER_S))).toBe(MAX_RETRY_AFTER_S * 1000);
  expect(p.retryable(limited(MAX_RETRY_AFTER_S + 0.5))).toBe(false);
  expect(p.delay(1, limited(MAX_RETRY_AFTER_S + 0.5))).toBeLessThanOrEqual(500);
});
