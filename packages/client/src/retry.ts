// When to retry and how long to wait: exponential backoff with full jitter, or the server's
// Retry-After when it gives one.

/** Statuses worth another try of the same request (with the same idempotency key). */
export function retryableStatus(status: number, headers: Headers): boolean {
  if (status === 408 || status === 429 || status >= 500) return true;
  // 409 is retried only when the server says "later": the first request is still running.
  // A 409 for a key reused with another body is final.
  return status === 409 && headers.has("retry-after");
}

/** Seconds from `Retry-After` (seconds or an HTTP date), if present and sane. */
export function retryAfterSeconds(headers: Headers): number | undefined {
  const v = headers.get("retry-after");
  if (v === null) return undefined;
  const secs = /^\d+(\.\d+)?$/.test(v.trim()) ? Number(v) : (Date.parse(v) - Date.now()) / 1000;
  return Number.isFinite(secs) ? Math.max(0, secs) : undefined;
}

const BASE_MS = 500;
const MAX_MS = 8_000;

/** Delay before retry number `attempt` (1-based). */
export function backoffMs(attempt: number, retryAfter?: number): number {
  if (retryAfter !== undefined && retryAfter <= 60) return retryAfter * 1000;
  return Math.random() * Math.min(MAX_MS, BASE_MS * 2 ** (attempt - 1));
}

/** Sleeps `ms`, or rejects as soon as `signal` aborts; leaves no timer behind either way. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
    };
    const onAbort = () => {
      done();
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      done();
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
