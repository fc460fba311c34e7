// The error of a call that created tasks names every one of them: Monet has no cancel operation,
// so they go on (and are billed) whatever the call does, and their outputs stay available. With
// only one named, the others of `n` were paid for and lost. `taskIds` lists them all, in order;
// `taskId` stays one task (the one the error is about, else the first) for older code.
import { AbortError, TaskFailedError } from "@monet-ai/client";
import { cut } from "@monet-ai/client/operations";
import type { ModelShape } from "./shape.js";

/** Errors that came after their task succeeded (its outputs could not be fetched): the task is done, not going on. */
const afterSuccess = new WeakSet<object>();

/** Marks `e` as thrown after its task succeeded; returns it. */
export function afterTaskSucceeded(e: unknown): unknown {
  if (e instanceof Error) afterSuccess.add(e);
  return e;
}

/** What an error of a call that created tasks carries. */
export interface TaskNaming {
  taskId?: string;
  taskIds?: string[];
}

export const isAbort = (e: unknown, signal?: AbortSignal) => e instanceof AbortError || (e as Error)?.name === "AbortError" || !!signal?.aborted;

/** A task id as a message shows it: a server chose it, and may have made it 100,000 characters long. */
const shownId = (id: string) => cut(id, 100);

/** How to check the tasks later: the video operation (one id, or the list doStart makes of several) or the client. */
function howToCheck(shape: ModelShape, ids: string[]): string {
  const one = ids.length === 1;
  const shown = ids.map(shownId);
  const operation = JSON.stringify(one ? shown[0] : shown);
  const video = shape.type === "video" ? `experimental_getVideoStatus(model, { operation: ${operation} }) or ` : "";
  return one
    ? `check it with ${video}@monet-ai/client's monet.tasks.get(${JSON.stringify(shown[0])})`
    : `check them with ${video}@monet-ai/client's monet.tasks.get(id) for each`;
}

const named = (ids: string[]) => (ids.length === 1 ? `Monet task ${shownId(ids[0])}` : `Monet tasks ${ids.map(shownId).join(", ")}`);

/** Where the call was when the abort came: its message says what became of the tasks. */
export type AbortStage = "creating" | "waiting" | "downloading";

/** The abort error once tasks exist: they go on on Monet (or are done), and the error says how to find them. */
export function aborted(shape: ModelShape, ids: string[], cause: unknown, stage: AbortStage = "waiting", callKey?: string): AbortError & TaskNaming {
  const one = ids.length === 1;
  // The call's key (rerun-key.ts): the same call again with it gets every task it made, paid once.
  const again = callKey
    ? `run this call again, unchanged, with headers: { "Idempotency-Key": ${JSON.stringify(callKey)} } (this error's idempotencyKey) to get all of them, paid once, or`
    : "";
  const goesOn = `${one ? "The task goes on" : "The tasks go on"} on Monet, which has no cancel operation, and ${one ? "its" : "their"} outputs stay available`;
  const message = {
    creating: `Aborted while creating the tasks of this call (${shape.id}), after it created ${named(ids)}. A create in flight may have reached Monet too: ${again} @monet-ai/client's monet.tasks.list() shows tasks newest first. ${goesOn}`,
    waiting: `Aborted while waiting for ${named(ids)} (${shape.id}). ${goesOn}`,
    // One task's download (collect): it finished, so nothing goes on.
    downloading: `Aborted while downloading the outputs of ${named(ids)} (${shape.id}), which succeeded: its outputs stay available`,
  }[stage];
  return Object.assign(
    new AbortError(`${message}: ${howToCheck(shape, ids)}`, { taskId: ids[0], cause }),
    { taskIds: ids },
    callKey ? { idempotencyKey: callKey } : {},
  );
}

/**
 * `e` naming every task of the call (`ids`, in order). The error keeps its class (a
 * `TaskFailedError` stays one, with its `task`), so it is added to rather than wrapped.
 */
export function nameTasks(
  e: unknown,
  shape: ModelShape,
  ids: string[],
  signal: AbortSignal | undefined,
  // reading: the tasks of an operation doStatus read, which an earlier call created.
  opts: { about?: string; creating?: boolean; reading?: boolean } = {},
): unknown {
  if (!ids.length) return e;
  // An abort that already names every task (one task's wait or download, alone in its call) says where it came: kept.
  const namedIds = (e as TaskNaming).taskIds;
  if (isAbort(e, signal) && namedIds?.length === ids.length && namedIds.every((id, i) => id === ids[i])) return e;
  // An abort one task's wait already named: named again with all of them, from the same cause.
  if (isAbort(e, signal))
    return aborted(shape, ids, namedIds ? (e as Error).cause : e, opts.creating ? "creating" : "waiting", (e as { idempotencyKey?: string }).idempotencyKey);
  if (!(e instanceof Error)) return e;
  const error = e as Error & TaskNaming;
  // A task's own failure, alone in its call, already names it and says why.
  const ownFailure = ids.length === 1 && error instanceof TaskFailedError;
  if (!ownFailure) {
    const about = error.taskId ?? opts.about ?? ids[0];
    const succeeded = afterSuccess.has(error);
    const rest =
      ids.length === 1
        ? succeeded
          ? ", which succeeded: only fetching its outputs failed, and they stay available"
          : ": unfinished, it goes on on Monet (billed: there is no cancel operation), and its outputs stay available"
        : `${succeeded ? `: ${about} succeeded and only fetching its outputs failed;` : ":"} the unfinished ones go on on Monet (billed: there is no cancel operation), and their outputs stay available`;
    const lead = opts.reading ? `The operation is ${named(ids)}` : `This call created ${named(ids)}`;
    error.message = `${error.message.replace(/\.$/, "")}. ${lead} (${shape.id})${rest}: ${howToCheck(shape, ids)}`;
  }
  return Object.assign(error, { taskId: error.taskId ?? opts.about ?? ids[0], taskIds: ids });
}
