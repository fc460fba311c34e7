// The one retry policy: which failures are worth another try, how long to wait before it
// (the server's Retry-After, else exponential backoff with full jitter), how many tries, and a
// hook. HTTP calls, `wait` and `stream` all ask it, so a failure is treated alike everywhere.
import { APIConnectionError, APIError, type MonetError } from "./errors.js";
import { POLL_INTERVAL_MS } from "./poll-interval.js";

export interface RetryInfo {
  /** What is tried again: `GET /api/v1/tasks/{id}`, `wait task_abc`, `stream`. */
  what: string;
  /** 1 for the first retry. */
  retry: number;
  /** ms until it happens. */
  delay: number;
  /** The failure that caused it. */
  error: MonetError;
}

export interface RetryPolicy {
  /**
   * Retries after the first attempt of an HTTP call, and reconnections of a stream that broke
   * before its task was known (default 2). `wait` keeps polling after a retryable failure until
   * its own `waitTimeout` (the next poll is not a retry of the last one), or `maxUnreachablePolls`.
   */
  maxRetries: number;
  /**
   * Whether a failure is worth another try (default: connection errors and timeouts, 408, 429, 5xx,
   * and 409 with Retry-After; never one whose Retry-After is over MAX_RETRY_AFTER_S, 60 s: retried sooner, it is
   * refused again, and waited for, the caller hangs without a word. The error carries
   * `retryAfter` for the caller to decide).
   */
  retryable(error: MonetError): boolean;
  /**
   * Polls in a row of `wait`, `run` and a stream's fall-back to polling that got no answer at all
   * (`APIConnectionError`: a refused connection, a DNS failure, a timeout), each after its own
   * `maxRetries`, before the call ends with an `APIConnectionError` carrying `taskId` (the task
   * goes on at the API). Default: a minute of polls at the API's recommended interval (the spec's
   * `x-monet-poll-interval-ms`), which rides out a restart or a deploy. An API that answers, even 5xx or 429, is waited for as before.
   */
  maxUnreachablePolls: number;
  /** ms before retry number `retry` (default: Retry-After when the server gives one of at most MAX_RETRY_AFTER_S, 60 s, else 0.5 s doubling to 8 s, full jitter). */
  delay(retry: number, error: MonetError): number;
  /** Called before each retry, re-poll after a failure and stream reconnection (for logs and metrics). */
  onRetry?(info: RetryInfo): void;
}

// An enum, not a plain const, for the start bundle's bytes: esbuild writes an enum member's value
// where it is read, where a const in a module with imports stays a variable (+5 B at start).
enum Bound {
  retryAfterS = 60,
}

/**
 * The longest Retry-After, in seconds, the default policy waits for (its `retryable` and `delay`):
 * a failure asking for more is not retried, and its error carries `retryAfter` for the caller.
 * Tools that tell their user of such a wait (the MCP server) read it from here.
 */
export const MAX_RETRY_AFTER_S: number = Bound.retryAfterS;

/** A restart or a deploy of the API: an outage that long is ridden out by a wait's polls (maxUnreachablePolls). */
const OUTAGE_MS = 60_000;

/** The default policy with `overrides`. */
export function retryPolicy(overrides: Partial<RetryPolicy> = {}): RetryPolicy {
  return {
    maxRetries: 2,
    // (Compared with `>=`, an interval that does not divide the outage needs no rounding: the
    // bytes of the start bundle.)
    maxUnreachablePolls: OUTAGE_MS / POLL_INTERVAL_MS,
    retryable: (e) => {
      const s = (e as APIError).status ?? 0;
      // 409 is retried only when the server says "later": the first request is still running.
      // A 409 for a key reused with another body is final. (A Retry-After read is never negative:
      // `>= 0` is "given", in fewer bytes than `!== undefined`.)
      return (
        e instanceof APIConnectionError ||
        (e instanceof APIError &&
          !((e.retryAfter as number) > Bound.retryAfterS) &&
          (s === 408 || s === 429 || s >= 500 || (s === 409 && (e.retryAfter as number) >= 0)))
      );
    },
    delay: (retry, e) => {
      const after = (e as APIError).retryAfter as number;
      // (undefined <= 60 is false: no Retry-After backs off.)
      return after <= Bound.retryAfterS ? after * 1000 : Math.random() * Math.min(8000, 500 * 2 ** (retry - 1));
    },
    ...overrides,
  };
}
