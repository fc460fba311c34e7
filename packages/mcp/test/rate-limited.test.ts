// The agent's message for a 429 names the client's own bound (MAX_RETRY_AFTER_S, the longest
// Retry-After the client's retry policy waits for), and only for a wait past it: the two cannot
// say different things.
import { RateLimitError, retryPolicy } from "@monet-ai/client";
import { MAX_RETRY_AFTER_S } from "@monet-ai/client/operations";
import { expect, test } from "vitest";
import { rateLimited } from "../src/rate-limited.js";

const limited = (retryAfter: number) => Object.assign(new RateLimitError("slow down", { status: 429 }), { retryAfter });
const read = { tool: "list_tasks", readOnly: true, idempotent: true };
const past = `, longer than this server waits on its own (${MAX_RETRY_AFTER_S} s)`;

test("a wait the client's policy retries on its own is not called longer than it waits", () => {
  expect(MAX_RETRY_AFTER_S).toBeGreaterThan(0);
  const e = limited(MAX_RETRY_AFTER_S);
  expect(retryPolicy().retryable(e)).toBe(true);
  expect(rateLimited(e, read)).not.toContain("longer than this server waits");
});

test("a wait past the policy's bound says so, naming the bound the client reads", () => {
  const e = limited(MAX_RETRY_AFTER_S + 0.5);
  expect(retryPolicy().retryable(e)).toBe(false);
  expect(rateLimited(e, read)).toContain(past);
});
