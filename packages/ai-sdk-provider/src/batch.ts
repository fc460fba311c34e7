// The `n` tasks of one call. One call makes them all, so each gets its own idempotency key derived
// from the caller's (the same call run again after a crash re-attaches to the same n tasks).
// They are created, then waited for and downloaded, a few at a time, and an error names every
// task the call created (call-errors.ts).
import { AbortError, type Task } from "@monet-ai/client";
import { isAbort, nameTasks } from "./call-errors.js";
import { type Prepared, uploadMedia } from "./input.js";
import { claimKey } from "./key-claim.js";
import { rerunKey } from "./rerun-key.js";
import type { ModelShape } from "./shape.js";
import { createTask, type Finished, finish, type RunContext } from "./task-run.js";

/**
 * Requests of one call in flight at once (creates, then waits with their downloads). Creates are
 * paid: after an abort or a refused create (no credit, rate limited) no new one starts, so at most
 * this many more tasks exist than the error can name. It also keeps a large `n` from bursting
 * into the API's rate limit, and downloads' memory in check. Waiting a few at a time costs no
 * time: every task already runs on Monet, so a later one is usually done when its turn comes.
 */
export const AT_ONCE = 4;

/**
 * `maxImagesPerCall` and `maxVideosPerCall`: every `n` in one call, so the AI SDK never splits it
 * into calls that carry the same headers (Infinity would make its count of calls 0).
 */
export const ALL_IN_ONE_CALL = Number.MAX_SAFE_INTEGER;

/** The keys of `n` tasks of one call: the caller's key (one task), or one derived per task. */
export const taskKeys = (n: number, key?: string) => Array.from({ length: n }, (_, i) => (key === undefined ? undefined : n === 1 ? key : `${key}-${i}`));

/**
 * `work` on each item, `limit` at a time, in order. After the first failure no new item starts
 * (`onFailure` may stop the running ones); the results of those that finished are kept.
 */
export async function limited<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
  onFailure?: () => void,
): Promise<{ results: (R | undefined)[]; failure?: { error: unknown; index: number } }> {
  const results: (R | undefined)[] = new Array(items.length).fill(undefined);
  let failure: { error: unknown; index: number } | undefined;
  let next = 0;
  const worker = async () => {
    while (!failure && next < items.length) {
      const index = next++;
      try {
        results[index] = await work(items[index], index);
      } catch (error) {
        if (failure) continue;
        failure = { error, index };
        onFailure?.();
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return { results, failure };
}

/**
 * Creates the call's `n` tasks; an error names those created before it, and carries the call's
 * key (rerun-key.ts). Without the caller's key the call makes one, so that key is the caller's
 * handle on all `n` tasks (with the client's own per create, a lost one of `n` could not be
 * asked for again through the AI SDK).
 */
export async function createTasks(ctx: RunContext, shape: ModelShape, input: Record<string, unknown>, n: number): Promise<Task[]> {
  const callKey = ctx.idempotencyKey ?? globalThis.crypto.randomUUID();
  const { results, failure } = await limited(taskKeys(n, callKey), AT_ONCE, (key) => createTask(ctx, shape, input, key));
  if (failure) {
    const created = results.flatMap((t) => (t ? [t.id] : []));
    throw nameTasks(rerunKey(failure.error, callKey), shape, created, ctx.signal, { creating: true });
  }
  return results as Task[];
}

/**
 * Waits for the tasks and downloads their outputs, within the call's `waitTimeoutMs`. The first
 * failure stops the other waits (their tasks go on) and is thrown naming every task.
 */
export async function finishTasks(ctx: RunContext, shape: ModelShape, tasks: Task[]): Promise<Finished[]> {
  const stop = new AbortController();
  const signal = ctx.signal ? AbortSignal.any([ctx.signal, stop.signal]) : stop.signal;
  const deadline = Date.now() + ctx.waitTimeoutMs;
  const { results, failure } = await limited(
    tasks,
    AT_ONCE,
    (task) => finish({ ...ctx, signal }, shape, task, deadline),
    () => stop.abort(),
  );
  if (failure)
    throw nameTasks(
      failure.error,
      shape,
      tasks.map((t) => t.id),
      ctx.signal,
      { about: tasks[failure.index].id },
    );
  return results as Finished[];
}

/**
 * A call's run: holds its Idempotency-Key (key-claim.ts; `origin`: the AI SDK call it is part of) throughout, uploads the input media,
 * creates the `n` tasks, then goes on with `then` (wait and download, or return them to poll).
 */
export async function runCall<R>(
  ctx: RunContext,
  shape: ModelShape,
  prepared: Prepared,
  n: number,
  then: (tasks: Task[]) => Promise<R>,
  origin?: object,
): Promise<R> {
  // Aborted already: the call ends here, so its error can say that nothing was sent (the client's
  // abort of a create cannot tell, and says the task may exist).
  if (ctx.signal?.aborted)
    throw new AbortError(`Aborted before anything was sent (${shape.id}): the abortSignal was already aborted, so no upload and no task were made`, {
      cause: ctx.signal.reason,
    });
  const claim = await claimKey(ctx.idempotencyKey, shape.type === "image" ? "maxImagesPerCall" : "maxVideosPerCall", origin);
  try {
    const input = await uploadMedia(ctx.client, prepared, ctx).catch((e: unknown) => {
      // Uploads come before any create: say so, or the caller goes looking for a task (the client's own message is a bare "Aborted").
      if (isAbort(e, ctx.signal)) throw new AbortError(`Aborted while uploading the input media (${shape.id}): no task was made`, { cause: e });
      throw e;
    });
    return await then(await createTasks(ctx, shape, input, n));
  } finally {
    claim.release();
  }
}
