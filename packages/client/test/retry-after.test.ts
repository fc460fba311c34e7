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
