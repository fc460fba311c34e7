// A wait whose polls cannot reach the API at all (a refused connection, a dead host) ends after
// UNREACHABLE_POLLS failed polls in a row, each already tried the client's maxRetries more times,
// with the command that waits again: it polled a dead address for the client's 30 minutes while
// `get` gave up after its retries, and an agent without --wait-timeout hung. An API that answers,
// even with 5xx or 429, is waited for as before: only a lost connection ends the wait early.
import { APIConnectionError, type RetryInfo } from "@monet-ai/client";

export const UNREACHABLE_POLLS = 5;

export class UnreachableError extends APIConnectionError {}
UnreachableError.prototype.name = "APIConnectionError";

/** Throws, from the client's onRetry, once a wait's polls failed to connect UNREACHABLE_POLLS times in a row. */
export function giveUpUnreachable(i: RetryInfo): void {
  // The client names a wait's re-poll `wait <id>`, with `retry` the failed polls in a row.
  if (!i.what.startsWith("wait ") || !(i.error instanceof APIConnectionError) || i.retry < UNREACHABLE_POLLS) return;
  const id = i.what.slice("wait ".length);
  throw new UnreachableError(`no connection to the API for ${i.retry} polls of task ${id} in a row (last: ${i.error.message})`, { taskId: id, cause: i.error });
}
