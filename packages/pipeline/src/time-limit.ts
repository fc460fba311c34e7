// taskTimeout: how long a run watches one task before it reports it timed out (never failed nor
// cancelled: it runs on at the API, and a rerun re-attaches).

/** A task's time limit, if any: an abort signal and the timer to clear (none past what a timer holds). */
export function timeLimit(ms: number | undefined): { signal: AbortSignal; clear: () => void } | undefined {
  if (ms === undefined || !(ms <= 2 ** 31 - 1)) return undefined;
  const c = new AbortController();
  const timer = setTimeout(() => c.abort(new Error("taskTimeout")), ms);
  return { signal: c.signal, clear: () => clearTimeout(timer) };
}

/** `ms` as people read it: whole seconds in s, else ms. */
export const seconds = (ms: number) => (ms % 1000 ? `${ms} ms` : `${ms / 1000} s`);
