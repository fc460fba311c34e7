// One piece of work bounded in time and by the caller's signal: a request attempt (the
// transport), a wait, a stream. Each had its own controller, listener and timer, and its own way
// to leave none of them behind.
import { timerFor } from "./option-values.js";

export interface TimeLimit {
  /** Aborts when the caller's signal does (with its reason), or with `reason` once the time is up. */
  signal: AbortSignal;
  /** Stops the clock; the caller's signal still counts. */
  stopClock(): void;
  /** Leaves no timer or listener behind (an abort fires once, so every way out calls it). */
  end(): void;
}

export function timeLimit(caller: AbortSignal | undefined, ms: number, reason: unknown): TimeLimit {
  const ctrl = new AbortController();
  // biome-ignore lint/style/noNonNullAssertion: only called once the signal fired; `?.` here costs bytes of the create + wait size budget.
  const onAbort = () => ctrl.abort(caller!.reason);
  caller?.addEventListener("abort", onAbort);
  const timer = timerFor(() => ctrl.abort(reason), ms); // unref'd (option-values.ts says why)
  const stopClock = () => clearTimeout(timer);
  return {
    signal: ctrl.signal,
    stopClock,
    end() {
      stopClock();
      caller?.removeEventListener("abort", onAbort);
    },
  };
}
