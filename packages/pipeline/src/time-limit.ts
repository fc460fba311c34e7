// taskTimeout: how long a run watches one task before it reports it timed out (never failed nor
// cancelled: it runs on at the API, and a rerun re-attaches).
import { TASK_STATUSES, WAIT_TIMEOUT_MS } from "@monet-ai/client/operations";

/**
 * The taskTimeout when none is given: a day. No Monet task runs that long, and an unattended run
 * must end: a task the API never ends held the run open for ever.
 */
export const DEFAULT_TASK_TIMEOUT_MS = 86_400_000;

/**
 * How long a task is waited for once it reports a status this client does not know (the spec's
 * open enum lists the others): the client's default wait (WAIT_TIMEOUT_MS, 30 minutes), or the
 * task's time limit if that ends sooner. Such a status stays not final, as the spec says: the
 * task is left at the API, reported timed out, and a rerun re-attaches to it.
 */
export const UNKNOWN_STATUS_WAIT_MS = WAIT_TIMEOUT_MS;

/** Whether the spec names `status` (known statuses, final or not). */
export const knownStatus = (status: string) => (TASK_STATUSES as readonly string[]).includes(status);

/**
 * A task's time limit: an abort signal, `shorten` to end it sooner (never later), and the timer to
 * clear. None past what a timer holds.
 */
export function timeLimit(ms: number | undefined): { signal: AbortSignal; shorten: (ms: number) => void; clear: () => void } | undefined {
  if (ms === undefined || !(ms <= 2 ** 31 - 1)) return undefined;
  const c = new AbortController();
  let end = performance.now() + ms;
  let timer = setTimeout(() => c.abort(new Error("taskTimeout")), ms);
  return {
    signal: c.signal,
    shorten: (ms) => {
      if (c.signal.aborted || performance.now() + ms >= end) return;
      end = performance.now() + ms;
      clearTimeout(timer);
      timer = setTimeout(() => c.abort(new Error("taskTimeout")), ms);
    },
    clear: () => clearTimeout(timer),
  };
}

/** `ms` as people read it: whole seconds in s, else ms. */
export const seconds = (ms: number) => (ms % 1000 ? `${ms} ms` : `${ms / 1000} s`);
