// Polling a task until it finishes, at the API's recommended interval. A failed poll is judged
// by the client's retry policy: a retryable one is followed by another poll (after the policy's
// delay, at least the interval), anything else ends the wait.

import type { Task } from "@monet-ai/models/spec";
import type { Transport } from "./core.js";
import { AbortError, type MonetError, TaskFailedError, WaitTimeoutError } from "./errors.js";
import type { FailedPolls } from "./failed-poll.js";
import { SUCCESS_STATUS } from "./generated/task-rules.gen.js";
import type { RetryPolicy } from "./retry.js";
import { sleep } from "./sleep.js";
import { isFinal } from "./task-status.js";
import { timeLimit } from "./time-limit.js";
import { WAIT_TIMEOUT_MS } from "./wait-timeout.js";

export interface WaitOptions {
  /** Between polls, in ms (default: the API's recommendation, getTask's `x-monet-poll-interval-ms` in the spec). */
  pollInterval?: number;
  /** Give up on the whole wait after this many ms (default 30 minutes); the task goes on on the server. */
  waitTimeout?: number;
  /** Timeout of each poll request, in ms (default: the client's `timeout`). */
  timeout?: number;
  /** Retries of each poll request (default: the client's retry policy's). */
  maxRetries?: number;
  /** Sent with each poll request (and, for `run`, the create). */
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Called with the task each time it changes. */
  onProgress?: (task: Task) => void;
}

// Read only through optional chains: a lying server's `outputs` may be anything.
const signature = (t: Task) => `${t.status}|${t.updated_at}|${Array.isArray(t.outputs) ? t.outputs.map((o) => `${o?.status}:${o?.progress}`).join() : ""}`;

/**
 * Yields the task each time it changes, ending with its final state. An unknown status counts as
 * not final (forward compatible). Leaves no timer or listener behind, however it ends. With `t`
 * (wait's, not stream's), a final task that did not succeed ends it with its TaskFailedError.
 */
export async function* watchTask(
  id: string,
  get: (signal: AbortSignal) => Promise<Task>,
  policy: RetryPolicy,
  interval: number,
  opts: WaitOptions = {},
  t?: Transport,
  seen?: Task,
): AsyncGenerator<Task> {
  const limit = opts.waitTimeout ?? WAIT_TIMEOUT_MS;
  const time = timeLimit(opts.signal, limit, WaitTimeoutError);
  // The polls failed in a row, and the last one's error: a timeout then says what went wrong
  // (as its cause), not only that time ran out.
  let failed: FailedPolls = { n: 0, lost: 0 };
  const stopped = () =>
    time.signal.reason === WaitTimeoutError
      ? new WaitTimeoutError(`Task ${id} did not finish within ${limit} ms`, {
          taskId: id,
          cause: failed.last,
        })
      : new AbortError("wait was aborted", { taskId: id, cause: opts.signal?.reason });
  const pause = (ms: number) =>
    sleep(ms, time.signal).catch(() => {
      throw stopped();
    });
  // Whatever the watch awaits ends when it does (its waitTimeout, the caller's abort): a poll, and
  // the failure chunk that a poll's answer, a retried failure or a failed task loads, which may
  // load slowly or never. (A custom `retryable` may retry an error the start bundle made, which
  // loaded no chunk.) One promise, rejected once the watch is stopped and staying so, that each of
  // them races: a race begun after the stop (an abort from onProgress, given the final task
  // itself, before the failed task's chunk loads) ends at once too; a handler set per race fired
  // before it. (Caught here: most stops come while no race runs, during a pause.)
  const ended = new Promise<never>((_, no) => {
    time.signal.onabort = () => no(stopped());
  });
  ended.catch(() => {});
  const bound = <T>(p: T) => Promise.race([p, ended]);
  let last = seen && signature(seen);
  try {
    // A signal aborted already never fires: checked once, here.
    if (opts.signal?.aborted) throw stopped();
    for (;;) {
      let task: Task;
      try {
        task = await bound(get(time.signal)); // a task: `get` refuses any other answer (task-answer.ts)
        failed = { n: 0, lost: 0 };
      } catch (e) {
        if (time.signal.aborted) throw stopped();
        // The poll's error names the task waited on (a 404 had no taskId).
        const end = () => Object.assign(e as MonetError, { taskId: id });
        if (!policy.retryable(e as MonetError)) throw end();
        // The next poll's delay, or the end of a wait on an API that cannot be reached
        // (failed-poll.ts), from the chunk the poll's failure loaded; if it could not load, that
        // failure ends the wait.
        await pause(
          await bound(
            import("./failed-attempt.js").then(
              (m) => m.failedPoll(id, e as MonetError, policy, interval, failed),
              () => Promise.reject(end()),
            ),
          ),
        );
        continue;
      }
      // biome-ignore lint/suspicious/noAssignInExpressions: compares with the last signature and keeps the new one; two calls cost bytes of the create + wait size budget.
      if (last !== (last = signature(task))) yield task;
      // Its message by the failure path's rule for the key (failed-task.ts); as the task came if that chunk cannot load.
      if (isFinal(task))
        return (
          t &&
          task.status !== SUCCESS_STATUS &&
          bound(
            import("./failed-attempt.js").then(
              (m) => m.failedTask(task, t),
              () => Promise.reject(new TaskFailedError(task)),
            ),
          )
        );
      await pause(interval);
    }
  } finally {
    time.end();
  }
}

/** Resolves with the task once it succeeds; throws `TaskFailedError` if it ends otherwise (failed, or any other final status). */
export async function waitForTask(
  id: string,
  get: (signal: AbortSignal) => Promise<Task>,
  t: Transport,
  interval: number,
  opts: WaitOptions = {},
): Promise<Task> {
  let task: Task | undefined;
  // The watch ends only on a final task (it yields the first task it sees, and every change).
  // Its polls are judged by the client's retry policy, with the wait's own maxRetries; a final
  // task that did not succeed ends it with its TaskFailedError.
  for await (task of watchTask(id, get, t.policy(opts), interval, opts, t)) opts.onProgress?.(task);
  return task as Task;
}
