// The operations `doStart` made under an abortSignal. With `poll`, the AI SDK waits between
// status reads itself, and an abort or `poll.timeoutMs` there throws the AI SDK's own error
// ("Delay was aborted", "Video generation timed out"), which no provider code sees: it cannot
// name the tasks, which go on (billed) on Monet. The call's abortSignal is the one object both the
// caller and `doStart` hold, so the operation is kept under it for the caller to read back.

export interface StartedOperation {
  /** The model the tasks run on: `monet.video(modelId)` for `experimental_getVideoStatus`. */
  modelId: string;
  /** What `doStart` returned: a task id, or the list of them for several videos. */
  operation: string | string[];
}

// Weak: an entry lives as long as the caller's signal does.
const started = new WeakMap<AbortSignal, StartedOperation[]>();

/** Operations kept per signal: an app-wide signal (a shutdown one) passed to every call would otherwise grow without end. */
export const KEPT_PER_SIGNAL = 16;

export function recordStart(signal: AbortSignal | undefined, entry: StartedOperation): void {
  if (!signal) return;
  const list = started.get(signal) ?? [];
  list.push(entry);
  if (list.length > KEPT_PER_SIGNAL) list.shift();
  started.set(signal, list);
}

/**
 * The video operations started with this abortSignal (the latest 16), oldest first: after `generateVideo({ poll,
 * abortSignal })` threw the AI SDK's abort or poll-timeout error, pass one to
 * `experimental_getVideoStatus(monet.video(modelId), { operation })` to follow its tasks.
 */
export function startedOperations(abortSignal: AbortSignal): StartedOperation[] {
  return [...(started.get(abortSignal) ?? [])];
}
