// The proxy's own time limits and concurrency cap: without them an upstream that never answers
// held the browser until undici's 300 s (then a bare 502), a quiet event stream was cut at 300 s
// with no word, and a hanging `authorize` held its socket for ever.

/** Monet's answer headers, counted from the last byte of the request body (an upload's time is the client's to bound). */
export const UPSTREAM_TIMEOUT_MS = 60_000;
/**
 * Monet's silence inside an answer's body. The browser hears a keep-alive comment meanwhile, so
 * this bounds only a dead upstream; a task may legitimately sit on one progress value for minutes.
 * Under undici's own 300 s bodyTimeout, so the browser gets this limit's message, not a bare cut.
 */
export const STREAM_IDLE_TIMEOUT_MS = 240_000;
/**
 * How long Monet may leave the request body's next piece untaken once it took the last one (as
 * nginx's proxy_send_timeout, between two writes): an upstream that accepted the connection and
 * never reads an upload, or reads a byte a minute, would otherwise hold the slot and the browser's
 * upload for ever, since the answer's clock starts only at the body's last byte.
 */
export const UPSTREAM_SEND_TIMEOUT_MS = 60_000;
/** A comment line on a quiet event stream: well under the client's 60 s idle limit and common load balancers' 60 s. */
export const STREAM_KEEP_ALIVE_MS = 15_000;
/** setTimeout's largest delay: a longer one fires at once. */
const MAX_DELAY_MS = 2 ** 31 - 1;

/** A time limit option, checked at start-up: a whole number of ms (0: no limit). */
export function timeLimitOption(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 0 || value > MAX_DELAY_MS)
    throw new Error(`The Monet proxy's ${name} must be a whole number of milliseconds from 0 (no limit) to ${MAX_DELAY_MS}, got ${String(value)}.`);
  return value;
}

/** `cap` must be a positive whole number (requests at once). */
export function capOption(name: string, value: number | undefined): number {
  if (value === undefined) return Infinity;
  if (!Number.isInteger(value) || value < 1) throw new Error(`The Monet proxy's ${name} must be a whole number of requests, at least 1, got ${String(value)}.`);
  return value;
}

export const TIMED_OUT = Symbol("timed out");

/** `work`, or a rejection with TIMED_OUT once `ms` pass (0: no limit). */
export function within<T>(work: T | Promise<T>, ms: number): Promise<T> {
  if (!ms) return Promise.resolve(work);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(TIMED_OUT), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/** Seconds, for messages. */
export const seconds = (ms: number) => `${ms / 1000} s`;
