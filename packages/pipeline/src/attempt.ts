// Which attempt of a task this run is on, and so which idempotency key it sends: read from the
// journal of the output folder. A task is named by its content key (taskKey, local files by their
// SHA-256), or, in a journal an older version wrote, by its legacy key (legacyTaskKey, local files
// by their upload URL), or by the key it had when the file named its item another way (before ids
// were added: formerItemKeys): all are looked up, so old journals are still found. --retry-failed moves
// past an attempt the API ended otherwise than in success.
import { SUCCESS_STATUS } from "@monet-ai/client/operations";
import type { TaskNode } from "./definition.js";
import { legacyTaskKey, taskKey } from "./hash.js";
import type { Journal, JournalRecord } from "./journal.js";
import type { LocalFile } from "./resolve.js";

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
  /** What earlier runs into the folder called the item, when the file named items another way then (formerItemKeys). */
  formerItemKeys?: readonly string[];
}

/** What chooseAttempt reads of a journal (a run's, or the read-only view a dry run has). */
export type Attempts = Pick<Journal, "creating" | "created" | "finals" | "gone">;

/** The latest attempt the journal knows for `node` (or the first), and its key. */
export function chooseAttempt(journal: Attempts, pipeline: string, node: TaskNode, inputs: AttemptInputs, retryFailed = false): Attempt {
  const keysOf = (attempt: number) => [
    taskKey(pipeline, node.step.name, node.itemKey, inputs.keyInput, attempt),
    ...(inputs.oldInput ? [legacyTaskKey(pipeline, node.step.name, node.itemName, inputs.oldInput, attempt)] : []),
    ...(inputs.formerItemKeys ?? []).map((k) => taskKey(pipeline, node.step.name, k, inputs.keyInput, attempt)),
  ];
  // An attempt this folder sent a create for (its answer may have been cut off), or saw created or ended.
  const tried = (attempt: number) => keysOf(attempt).find((k) => journal.creating.has(k) || journal.created.has(k) || journal.finals.has(k));

  let attempt = 0;
  let key = tried(0) ?? keysOf(0)[0];
  for (;;) {
    // Past an attempt the API ended otherwise than in success (failed, or a final status added
    // later), or no longer has (a 404: it will never end).
    const ended = journal.finals.get(key);
    if ((!ended || ended.status === SUCCESS_STATUS) && !journal.gone.has(key)) break;
    const next = tried(attempt + 1) ?? (retryFailed ? keysOf(attempt + 1)[0] : undefined);
    if (!next) break;
    attempt++;
    key = next;
  }
  return { attempt, key, sent: journal.creating.get(key) };
}

/**
 * A copy of `input` with each local file (`local[n]`, whose SHA-256 is `shas[n]`) replaced by
 * `url(sha)`; undefined when `url` has none for one of them.
 */
export function withFiles(
  input: Record<string, unknown>,
  local: readonly LocalFile[],
  shas: readonly string[],
  url: (sha: string) => string | undefined,
): Record<string, unknown> | undefined {
  const copy: Record<string, unknown> = { ...input };
  for (const l of local) copy[l.field] = [...(input[l.field] as unknown[])];
  for (const [n, l] of local.entries()) {
    const u = url(shas[n]);
    if (u === undefined) return undefined;
    (copy[l.field] as unknown[])[l.index] = u;
  }
  return copy;
}

/** The inputs keys are made of: files by their SHA-256, and (for journals of older versions) by their journaled upload. */
export function keyInputs(
  input: Record<string, unknown>,
  local: readonly LocalFile[],
  shas: readonly string[],
  journaled: (sha: string) => string | undefined,
): Pick<AttemptInputs, "keyInput" | "oldInput"> {
  return {
    keyInput: withFiles(input, local, shas, (sha) => `sha256:${sha}`) as Record<string, unknown>,
    oldInput: withFiles(input, local, shas, journaled),
  };
}
