// The durations and counts a caller passes (client, per-call, wait and stream options), checked
// before anything is sent. Unchecked, they went wrong quietly: setTimeout reads NaN, a negative
// number and anything past 2^31-1 ms as 1 ms, so `timeout: Infinity` (meant as "none") timed out
// every request at once and `pollInterval: NaN` polled without pause; NaN retries never ran out.
import { refuse } from "./refuse.js";

/** The longest delay a timer can hold (24.8 days). */
export const TIMER_MAX_MS = 2 ** 31 - 1;

/**
 * A number of ms above 0. A limit (a timeout) may be Infinity, for none; a pause (between polls)
 * must be one a timer can hold.
 */
export function ms(name: string, v: number | undefined, limit = true): number | undefined {
  if (v !== undefined && !(typeof v === "number" && v > 0 && (limit || v <= TIMER_MAX_MS)))
    throw refuse(name, `a number of milliseconds above 0, ${limit ? "or Infinity for none" : `at most ${TIMER_MAX_MS}`}`, v);
  return v;
}

/** A count (of retries, of tasks at once): a whole number from `from`, to `to` if given. */
export function count(name: string, v: number | undefined, from = 0, to = Infinity): number | undefined {
  if (v !== undefined && !(Number.isInteger(v) && v >= from && v <= to))
    throw refuse(name, `a whole number from ${from}${Number.isFinite(to) ? ` to ${to}` : ""}`, v);
  return v;
}

/**
 * A timer for a limit; none when the limit is past what a timer holds (Infinity: no limit). A
 * limit alone never keeps a process alive (a stream iterator dropped unclosed held one for its
 * 30-minute wait): what it bounds (a fetch, a read, a poll's pause) does, while it is pending.
 * Node and Bun unref; a browser's or Deno's timer is a number, without `unref`.
 */
export function timerFor(fn: () => void, limit: number): ReturnType<typeof setTimeout> | undefined {
  if (limit > TIMER_MAX_MS) return;
  const timer = setTimeout(fn, limit);
  (timer as { unref?(): void }).unref?.();
  return timer;
}

/**
 * The options only `wait`, `run` and `stream` take, checked before their first request (the
 * create, for `run` and `stream`). The transport checks `timeout` and `maxRetries` of every call.
 */
export function checkWaitOptions(o: { pollInterval?: number; waitTimeout?: number; idleTimeout?: number }): void {
  ms("pollInterval", o.pollInterval, false);
  ms("waitTimeout", o.waitTimeout);
  ms("idleTimeout", o.idleTimeout);
}
