// What a wait does after a poll that failed in a way worth another try (the retry policy's
// `retryable`): when the next poll comes, and when to stop polling an API that cannot be reached.
// Loaded with the poll's failure (re-exported by failed-attempt.ts, the chunk every failed request
// loads), so a wait whose polls succeed never pays for it (the start bundle is held to 6,000 B).
import { APIConnectionError, type MonetError } from "./errors.js";
import type { RetryPolicy } from "./retry.js";

/** A wait's failed polls in a row, and the last one's error. */
export interface FailedPolls {
  /** Failed polls in a row. */
  n: number;
  /** Of those, the last polls in a row that got no answer at all (a connection error or a timeout). */
  lost: number;
  last?: MonetError;
}

/**
 * Counts the poll's failure into `polls` and returns the ms until the next poll (the policy's
 * delay, at least the interval), after the policy's onRetry hook. Throws an `APIConnectionError`
 * carrying `taskId` once `maxUnreachablePolls` polls in a row got no answer: an API that is gone
 * (a closed port, a dead host) was otherwise polled in silence for the rest of `waitTimeout`,
 * 30 minutes by default, while `get` gave up after its retries. An answer, even a 5xx or a 429,
 * starts the count again: that API is there, and busy.
 */
export function failedPoll(id: string, error: MonetError, policy: RetryPolicy, interval: number, polls: FailedPolls): number {
  polls.last = error;
  polls.lost = error instanceof APIConnectionError ? polls.lost + 1 : 0;
  if (polls.lost >= policy.maxUnreachablePolls)
    throw new APIConnectionError(
      `Task ${id}: no connection to the API in ${polls.lost} polls in a row (last: ${error.message}). The task goes on at the API: wait for it again (tasks.wait) once the API can be reached`,
      { taskId: id, cause: error },
    );
  // At least the interval (a policy's NaN too: polls never come faster).
  const wanted = policy.delay(++polls.n, error);
  // biome-ignore lint/complexity/useMathMinMax: Math.max(NaN, interval) is NaN, which a timer reads as 1 ms.
  const delay = wanted > interval ? wanted : interval;
  policy.onRetry?.({ what: `wait ${id}`, retry: polls.n, delay, error });
  return delay;
}
