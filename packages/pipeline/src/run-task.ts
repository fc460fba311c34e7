// Running one task of a pipeline once the tasks it uses have ended: its input made from theirs,
// its idempotency key chosen, then found finished in the journal, or attached to (a rerun) or
// created, watched until it ends (or its taskTimeout), journaled, and its outputs saved.
import { APIError, NotFoundError, type Task } from "@monet-ai/client";
import { SUCCESS_STATUS } from "@monet-ai/client/operations";
import { type Attempt, chooseAttempt, keyInputs, withFiles } from "./attempt.js";
import { createAttempt } from "./create.js";
import type { TaskNode } from "./definition.js";
import type { JournalRecord } from "./journal.js";
import type { ManifestTask } from "./manifest.js";
import { outputUrls, refuseOutputs } from "./outputs.js";
import { type LocalFile, resolveInput } from "./resolve.js";
import { saveOutputs } from "./save-outputs.js";
import type { Result, TaskContext } from "./task-context.js";
import { knownStatus, seconds, timeLimit, UNKNOWN_STATUS_WAIT_MS } from "./time-limit.js";

type Fail = (error: string, cause?: ManifestTask["cause"]) => Result;

/** Runs `node`, whose dependencies ended as `deps` (all succeeded), filling in its manifest `entry`. */
export async function runTask(ctx: TaskContext, node: TaskNode, entry: ManifestTask, deps: Result[]): Promise<Result> {
  const fail: Fail = (error, cause) => {
    entry.status = "failed";
    entry.error = error;
    if (cause) entry.cause = cause;
    ctx.report(node, "failed", { id: entry.id, error, ...(cause ? { cause } : {}) });
    return { ok: false, outputs: entry.outputs, entry };
  };
  try {
    const byStep = new Map(node.deps.map((d, i) => [d.step.name, deps[i]] as const));
    const resolved = resolveInput(
      ctx.pipeline,
      node,
      (step, index) => byStep.get(step)?.outputs[index],
      (step) => byStep.get(step)?.outputs.length,
    );
    // Made from the file and finished outputs only: a rerun would fail the same way.
    if (!resolved.ok) return fail(`input.${resolved.message}`, "input");
    const input = resolved.input;
    // Local files are named by content in keys: an upload's URL expires (24 h), the file does not.
    const shas = await Promise.all(resolved.local.map((l) => ctx.uploads.sha256(l)));
    // What an older version sent, and hashed into its keys (oldInput): each file's journaled upload.
    const { keyInput, oldInput } = keyInputs(input, resolved.local, shas, (sha) => ctx.uploads.journaled(sha));
    const formerItemKeys = node.itemIndex === undefined ? undefined : ctx.formerItemKeys[node.itemIndex];
    const chosen = chooseAttempt(ctx.journal, ctx.pipeline.name, node, { keyInput, oldInput, formerItemKeys }, ctx.retryFailed);
    const { key, sent } = chosen;
    entry.key = key;
    entry.input = sent?.[0].input ?? oldInput ?? keyInput;

    const gone = ctx.journal.gone.get(key);
    const known = ctx.journal.finals.get(key);
    if (gone) {
      // Nothing to ask: the API said it has no such task. --retry-failed moves to the next attempt.
      entry.id = gone.id;
      return fail(goneError(gone.id), "gone");
    }
    if (known) {
      const refused = reuse(ctx, node, entry, key, known);
      if (refused) return fail(refused);
    } else {
      // Uploads only for a create: a task the journal knows needs none (its upload may be long gone).
      const fresh = withFiles(input, resolved.local, shas, () => "") as Record<string, unknown>;
      const ended = await follow(ctx, node, entry, chosen, fresh, resolved.local, fail);
      if (ended) return ended;
    }
    if (!entry.outputs.length) return fail(`task ${entry.id} succeeded without output URLs`);
    entry.status = "succeeded";
    ctx.report(node, entry.reused ? "reused" : "succeeded", { id: entry.id });
    // Dependents start now; the files follow.
    const result: Result = { ok: true, outputs: entry.outputs, entry };
    ctx.saving.push(saveOutputs(ctx, node, key, entry));
    return result;
  } catch (e) {
    // An upload refused for the key (or the API gone): not this task's failure, the run's end.
    if (!ctx.signal?.aborted && ctx.stop(e)) entry.error = (e as Error).message;
    if (ctx.signal?.aborted) throw e;
    // A local file that is not what its name says (changed since the run's check): fix the file, no rerun helps.
    return fail((e as Error).message, (e as { code?: unknown }).code === "local_file" ? "input" : undefined);
  }
}

/** The task the journal found finished, taken as this run's; why it failed, if it did. */
function reuse(ctx: TaskContext, node: TaskNode, entry: ManifestTask, key: string, known: Extract<JournalRecord, { t: "final" }>): string | undefined {
  const shared = ctx.claim(node, known.id);
  if (shared) return shared;
  entry.id = known.id;
  entry.outputs = known.outputs;
  entry.timings.created_at = ctx.journal.created.get(key)?.created_at;
  entry.timings.finished_at = known.updated_at;
  entry.reused = true;
  entry.ended = known.status;
  if (known.status !== SUCCESS_STATUS) return known.error ?? `the task ${known.status}`;
  // A journal of an earlier version kept whatever the server listed.
  const refused = refuseOutputs(known.id, known.outputs, ctx.allowOrigins);
  if (refused) {
    entry.outputs = [];
    return refused;
  }
  return undefined;
}

/**
 * Attaches to the task the journal saw created, else uploads its local files and creates it, then
 * watches it in a concurrency slot until it ends, and journals its end. The Result when it did not
 * succeed (failed, or timed out); undefined when it did, its outputs in `entry`.
 */
async function follow(
  ctx: TaskContext,
  node: TaskNode,
  entry: ManifestTask,
  chosen: Attempt,
  fresh: Record<string, unknown>,
  local: LocalFile[],
  fail: Fail,
): Promise<Result | undefined> {
  const { journal, signal } = ctx;
  const { key } = chosen;
  if (!journal.created.has(key)) {
    for (const l of local) (fresh[l.field] as unknown[])[l.index] = await ctx.uploads.url(l);
    entry.input = fresh;
  }
  let task: Task;
  const release = await ctx.slots.take([-node.step.depth, node.itemIndex ?? 0], signal);
  try {
    const seen = journal.created.get(key);
    let id: string;
    if (seen) {
      const shared = ctx.claim(node, seen.id);
      if (shared) return fail(shared);
      id = seen.id;
      entry.id = id;
      entry.timings.created_at = seen.created_at;
      ctx.report(node, "attached", { id: seen.id });
    } else {
      let created: Task;
      try {
        const made = await createAttempt(ctx.api, journal, node, chosen, fresh);
        created = made.task;
        entry.input = made.body;
      } catch (e) {
        // A refused key or no connection stops the run (nothing more is created): this task stays
        // unfinished, and a rerun sends its create again with the same key.
        if (!signal?.aborted && ctx.stop(e)) entry.error = `create failed: ${(e as Error).message}`;
        if (signal?.aborted) throw e;
        // Named by an id no call can follow (the client's marker): every rerun sends the same key
        // and gets the same id, so it is not a failure a rerun retries.
        return fail(`create failed: ${(e as Error).message}`, e instanceof APIError && e.unfollowableTaskId !== undefined ? "unfollowable" : undefined);
      }
      // Not journaled: a rerun sends the same create (same key) and checks the answer again.
      const shared = ctx.claim(node, created.id);
      if (shared) return fail(shared);
      journal.append({ t: "created", key, node: node.id, id: created.id, created_at: created.created_at });
      id = created.id;
      entry.id = id;
      entry.timings.created_at = created.created_at;
      ctx.report(node, "created", { id: created.id });
    }
    const watched = await watch(ctx, node, entry, id, fail);
    if ("result" in watched) return watched.result;
    task = watched.task;
  } finally {
    release();
  }
  const outputs = outputUrls(task);
  // Checked before any dependent sees them: a server's "URL" must not name a local file to
  // upload. Refused outputs are not journaled, so a rerun asks for the task again.
  const refused = task.status === SUCCESS_STATUS ? refuseOutputs(task.id, outputs, ctx.allowOrigins) : undefined;
  if (!refused)
    journal.append({
      t: "final",
      key,
      node: node.id,
      id: task.id,
      status: task.status,
      outputs,
      ...(task.error ? { error: task.error.message } : {}),
      ...(task.updated_at ? { updated_at: task.updated_at } : {}),
    });
  entry.outputs = refused ? [] : outputs;
  entry.timings.finished_at = task.updated_at;
  entry.ended = task.status;
  if (task.status !== SUCCESS_STATUS) return fail(task.error?.message ?? `the task ${task.status}`);
  if (refused) return fail(refused);
  return undefined;
}

/** Task `id` once it ended, reporting its progress; else the Result of losing it or of its taskTimeout. */
async function watch(ctx: TaskContext, node: TaskNode, entry: ManifestTask, id: string, fail: Fail): Promise<{ task: Task } | { result: Result }> {
  let last = -1;
  // The last status seen that the spec does not name, while the task reports it.
  let unknown: string | undefined;
  const limit = timeLimit(ctx.taskTimeout);
  try {
    const task = await ctx.watcher.watch(
      id,
      entry.timings.created_at,
      (t) => {
        // Shown once per change, and waited for at most UNKNOWN_STATUS_WAIT_MS: not final (the
        // spec's rule), but a `cancelled` that never changes must not hold the run for a day.
        if (typeof t.status === "string" && !knownStatus(t.status)) {
          if (t.status === unknown) return;
          unknown = t.status;
          limit?.shorten(UNKNOWN_STATUS_WAIT_MS);
          ctx.report(node, "unknown-status", { id: t.id, apiStatus: t.status });
          return;
        }
        unknown = undefined;
        const progress = t.outputs?.[0]?.progress;
        if (t.status !== "processing" || progress === undefined || progress === last) return;
        last = progress;
        ctx.report(node, "progress", { id: t.id, progress });
      },
      limit?.signal,
    );
    return { task };
  } catch (e) {
    // The API gone while watching: the run stops; a rerun re-attaches to the task by its journaled id.
    if (!ctx.signal?.aborted && ctx.stop(e)) entry.error = `lost track of task ${entry.id}: ${(e as Error).message}`;
    if (ctx.signal?.aborted) throw e;
    if (limit?.signal.aborted) {
      // Not a failure: the task runs on at the API; nothing is journaled, so a rerun re-attaches.
      entry.error =
        unknown === undefined
          ? `task ${id} did not end within ${seconds(ctx.taskTimeout as number)} (taskTimeout); it was left running at the API, not cancelled: a rerun re-attaches to it`
          : `task ${id} reports status ${JSON.stringify(unknown)}, which this client does not know (not final, as the API's spec says); stopped waiting after ${seconds(Math.min(UNKNOWN_STATUS_WAIT_MS, ctx.taskTimeout as number))} (taskTimeout, at most ${seconds(UNKNOWN_STATUS_WAIT_MS)} for an unknown status); it was left at the API: a rerun re-attaches to it`;
      ctx.report(node, "timed-out", { id, error: entry.error });
      return { result: { ok: false, outputs: [], entry } };
    }
    if (e instanceof NotFoundError && e.code !== undefined) {
      // The API's own answer (its JSON error, not a proxy's page): it has no such task. Journaled,
      // so no rerun asks again for ever; only --retry-failed creates the item's task again.
      ctx.journal.append({ t: "gone", key: entry.key as string, node: node.id, id });
      return { result: fail(goneError(id), "gone") };
    }
    return { result: fail(`lost track of task ${entry.id}: ${(e as Error).message}`) };
  } finally {
    limit?.clear();
  }
}

/** What a task the API answered 404 for is, and what helps. */
const goneError = (id: string) =>
  `the API no longer has task ${id} (it answered 404: the task expired or was removed), so it will never end; --retry-failed creates it again (a new idempotency key)`;
