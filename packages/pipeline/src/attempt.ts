// Which attempt of a task this run is on, and so which idempotency key it sends: read from the
// journal of the output folder. A task is named by its content key (taskKey, local files by their
// SHA-256), or, in a journal an older version wrote, by its legacy key (legacyTaskKey, local files
// by their upload URL): both are looked up, so old journals are still found. --retry-failed moves
// past an attempt the API ended otherwise than in success.
import { SUCCESS_STATUS } from "@monet-ai/client/operations";
import type { TaskNode } from "./definition.js";
import { legacyTaskKey, taskKey } from "./hash.js";
import type { Journal, JournalRecord } from "./journal.js";

export interface Attempt {
  attempt: number;
  key: string;
  /** The creates journaled for this key (sent, their answer maybe cut off): their bodies. */
  sent?: Extract<JournalRecord, { t: "creating" }>[];
}

export interface AttemptInputs {
  /** The input as keys hash it (local files as `sha256:<hex>`). */
  keyInput: Record<string, unknown>;
  /** The input an older version sent and hashed (local files as their journaled upload URL), if every file has one. */
  oldInput?: Record<string, unknown>;
}

/** The latest attempt the journal knows for `node` (or the first), and its key. */
export function chooseAttempt(journal: Journal, pipeline: string, node: TaskNode, inputs: AttemptInputs, retryFailed = false): Attempt {
  const keysOf = (attempt: number) => [
    taskKey(pipeline, node.step.name, node.itemKey, inputs.keyInput, attempt),
    ...(inputs.oldInput ? [legacyTaskKey(pipeline, node.step.name, node.itemName, inputs.oldInput, attempt)] : []),
  ];
  // An attempt this folder sent a create for (its answer may have been cut off), or saw created or ended.
  const tried = (attempt: number) => keysOf(attempt).find((k) => journal.creating.has(k) || journal.created.has(k) || journal.finals.has(k));

  let attempt = 0;
  let key = tried(0) ?? keysOf(0)[0];
  for (;;) {
    // Past an attempt the API ended otherwise than in success (failed, or a final status added later).
    const ended = journal.finals.get(key);
    if (!ended || ended.status === SUCCESS_STATUS) break;
    const next = tried(attempt + 1) ?? (retryFailed ? keysOf(attempt + 1)[0] : undefined);
    if (!next) break;
    attempt++;
    key = next;
  }
  return { attempt, key, sent: journal.creating.get(key) };
}
