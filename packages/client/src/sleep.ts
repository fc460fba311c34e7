// The one sleep: retries, polls and the pipeline's pacing wait with it. An abort ends it at once,
// and it leaves no timer or listener behind either way.
import { TIMER_MAX_MS } from "./option-values.js";

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
      // biome-ignore lint/style/noNonNullAssertion: only called once the signal fired; `?.` here costs 8 B of the create + wait size budget.
      reject(signal!.reason);
    };
    const timer = setTimeout(
      () => {
        done();
        resolve();
      },
      Math.min(ms, TIMER_MAX_MS),
    );
    signal?.addEventListener("abort", onAbort); // removed by done (an abort fires once)
  });
}
