// What running one task needs from its run: the run's shared parts (client calls, journal, limits,
// watcher, uploads), its options, where to report, and what it shares with the other tasks.
import type { Api } from "./api.js";
import type { Pipeline, TaskNode } from "./definition.js";
import type { Download } from "./download.js";
import type { Report } from "./events.js";
import type { Journal } from "./journal.js";
import type { Slots } from "./limits.js";
import type { ManifestTask } from "./manifest.js";
import type { Uploads } from "./uploads.js";
import type { Watcher } from "./watcher.js";

export interface TaskContext {
  pipeline: Pipeline;
  /** The output folder's real path: every write goes below it. */
  root: string;
  journal: Journal;
  api: Api;
  watcher: Watcher;
  uploads: Uploads;
  /** Tasks running at once. */
  slots: Slots;
  /** Outputs downloading at once. */
  downloads: Slots;
  download: Download;
  /** Origins an output URL may have besides public ones: the API's own. */
  allowOrigins: string[];
  signal?: AbortSignal;
  retryFailed?: boolean;
  /** Per item (by position), what earlier runs into the folder called it (formerItemKeys): its tasks are looked up by those too. */
  formerItemKeys: string[][];
  taskTimeout?: number;
  report: Report;
  /** Takes task `id` for `node`; says why not when another node has it (see taskOwners). */
  claim: (node: TaskNode, id: string) => string | undefined;
  /**
   * Stops the whole run when `e` says no request can work (a refused key, no connection: see
   * stopReason), keeping `e` as the run's error; true when it did (or the run is stopping already).
   */
  stop: (e: unknown) => boolean;
  /** Every save started: the run ends once all of them have. */
  saving: Promise<void>[];
}

/** A task's end as the tasks that use it see it. */
export interface Result {
  /** The task succeeded: dependents may use its outputs. */
  ok: boolean;
  outputs: string[];
  entry: ManifestTask;
}

/**
 * Which node follows which task: a server that gives two items one task id is refused for the
 * second (watching one id twice hung the run, and one task's outputs would be both items').
 */
export function taskOwners(where: (node: TaskNode) => string): TaskContext["claim"] {
  const owners = new Map<string, TaskNode>();
  return (node, id) => {
    const other = owners.get(id);
    if (other && other !== node)
      return `the server gave this item's task the id ${id}, which it already gave ${where(other)}: two items cannot share a task (a server error); nothing was watched or saved for this one`;
    owners.set(id, node);
    return undefined;
  };
}
