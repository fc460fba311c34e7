// Polling a task until it finishes, at the API's recommended 5 s, backing off on errors.
import { AbortError, APIConnectionError, InternalServerError, RateLimitError, TaskFailedError, WaitTimeoutError } from "./errors.js";
import type { Task } from "./generated/types.gen.js";
import { sleep } from "./retry.js";

export interface WaitOptions {
  /** Between polls, in ms (default 5000, as the API recommends). */
  pollInterval?: number;
  /** Give up after this many ms (default 30 minutes); the task goes on on the server. */
  timeout?: number;
  signal?: AbortSignal;
  /** Called with the task each time it changes. */
  onProgress?: (task: Task) => void;
}

export const isFinal = (t: Task) => t.status === "success" || t.status === "failed";
/** Errors worth waiting out: the task is fine, the way to it is not. */
const transient = (e: unknown) => e instanceof APIConnectionError || e instanceof InternalServerError || e instanceof RateLimitError;
const signature = (t: Task) => `${t.status}|${t.updated_at}|${(t.outputs ?? []).map((o) => `${o.status}:${o.progress}`).join()}`;

/**
 * Yields the task each time it changes, ending with its final state. An unknown status counts as
 * not final (forward compatible). Leaves no timer or listener behind, however it ends.
 */
export async function* watchTask(id: string, get: (signal: AbortSignal) => Promise<Task>, opts: WaitOptions = {}, seen?: Task): AsyncGenerator<Task> {
  const interval = opts.pollInterval ?? 5000;
  const limit = opts.timeout ?? 30 * 60_000;
  if (opts.signal?.aborted) throw new AbortError("wait was aborted", { taskId: id, cause: opts.signal.reason });
  const ctrl = new AbortController();
  const onAbort = () => ctrl.abort(opts.signal!.reason);
  opts.signal?.addEventListener("abort", onAbort, { once: true });
  const timer = setTimeout(() => ctrl.abort(new WaitTimeoutError(`Task ${id} did not finish within ${limit} ms`, { taskId: id })), limit);
  const stopped = () =>
    ctrl.signal.reason instanceof WaitTimeoutError ? ctrl.signal.reason : new AbortError("wait was aborted", { taskId: id, cause: opts.signal?.reason });
  const pause = (ms: number) =>
    sleep(ms, ctrl.signal).catch(() => {
      throw stopped();
    });
  let last = seen ? signature(seen) : "";
  let errors = 0;
  try {
    for (;;) {
      let task: Task;
      try {
        task = await get(ctrl.signal);
        errors = 0;
      } catch (e) {
        if (ctrl.signal.aborted) throw stopped();
        if (!transient(e)) throw e;
        await pause(Math.min(60_000, interval * 2 ** ++errors));
        continue;
      }
      if (signature(task) !== last) yield task;
      last = signature(task);
      if (isFinal(task)) return;
      await pause(interval);
    }
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener("abort", onAbort);
  }
}

/** Resolves with the task once it succeeds; throws `TaskFailedError` if it fails. */
export async function waitForTask(id: string, get: (signal: AbortSignal) => Promise<Task>, opts: WaitOptions = {}): Promise<Task> {
  for await (const task of watchTask(id, get, opts)) {
    opts.onProgress?.(task);
    if (task.status === "success") return task;
    if (task.status === "failed") throw new TaskFailedError(task);
  }
  throw new WaitTimeoutError(`Task ${id} stopped changing without finishing`, { taskId: id });
}
