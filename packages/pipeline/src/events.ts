// What a run tells its caller while it goes (`onEvent`): its start, each task's steps, rate limits,
// and its end. A task is counted done once, whatever follows (a save failing after its success).
import type { TaskNode } from "./definition.js";
import type { Summary } from "./manifest.js";
import type { NextStep } from "./next-step.js";
import type { StopReason } from "./stop.js";

/**
 * `saved`: outputs were downloaded; `kept`: every output was on disk already, from this task;
 * `timed-out`: not ended within `taskTimeout`, left running at the API (a rerun re-attaches);
 * `unknown-status`: the task reports a status the spec does not name (`apiStatus`), still waited for.
 */
export type TaskStatus =
  | "created"
  | "attached"
  | "progress"
  | "unknown-status"
  | "succeeded"
  | "reused"
  | "failed"
  | "skipped"
  | "timed-out"
  | "saved"
  | "kept";

export type PipelineEvent =
  | { type: "start"; name: string; total: number; steps: Record<string, number>; outDir: string }
  | {
      type: "task";
      status: TaskStatus;
      node: string;
      step: string;
      item: string | null;
      id?: string;
      progress?: number;
      /** With `unknown-status`: the status the API reported. */
      apiStatus?: string;
      error?: string;
      /** `input`: the task's input could not be made from the pipeline file; `gone`: the API no longer has the task; `too-large`: an output over the download cap; `wrong-type`: an output not of the step's media; `in-the-way`: a file the run did not save is at an output's name; `unfollowable`: the API named the created task by an id no call can follow (see ManifestTask.cause). */
      cause?: "input" | "gone" | "too-large" | "wrong-type" | "in-the-way" | "unfollowable";
      files?: string[];
      done: number;
      total: number;
    }
  /**
   * A 429 changed the rate requests go out at (`rate`, per second; learned when no rateLimit was
   * given), or first met a fixed one; `retryAfter`: the pause it began. Not sent for every 429.
   */
  | { type: "rate-limited"; retryAfter: number; rate: number }
  /** `next`: what helps when not every task succeeded (empty when all did); see nextSteps. */
  | { type: "done"; summary: Summary; manifest: string; next: NextStep[] }
  /**
   * The run stopped early (a refused key, no connection, a full disk): nothing more was created; see
   * PipelineStoppedError. `manifest`: the manifest it wrote, null when the disk had no room for it;
   * `journal`: the run's journal, which records every task created and file saved either way.
   */
  | { type: "stopped"; reason: StopReason; error: string; summary: Summary; manifest: string | null; journal: string };

export type TaskEvent = Extract<PipelineEvent, { type: "task" }>;

/** Reports what happened to one task, with how many of `total` are done. */
export type Report = (node: TaskNode, status: TaskStatus, extra?: Partial<TaskEvent>) => void;

/** The task statuses that end a task (each moves a run's progress by one): for a caller that counts progress from events. */
export const FINAL_TASK_STATUSES: ReadonlySet<TaskStatus> = new Set(["succeeded", "reused", "failed", "skipped", "timed-out"]);

/** The run's `report`: each task's events through `emit`, counting a task done at its first final status. */
export function taskReporter(total: number, emit: (e: PipelineEvent) => void): Report {
  let done = 0;
  // A task counts as done once: a save that fails after its success was counted is not another one ("2/1").
  const counted = new Set<string>();
  return (node, status, extra = {}) => {
    if (FINAL_TASK_STATUSES.has(status) && !counted.has(node.id)) {
      counted.add(node.id);
      done++;
    }
    emit({ type: "task", status, node: node.id, step: node.step.name, item: node.step.foreach ? node.itemName : null, done, total, ...extra });
  };
}
