// Whether a task has ended, from the statuses the spec marks final, and how one that failed reads. Its own module, so the
// entries that only need this (`/operations`) do not bundle the wait loop and its error classes.
import type { Task } from "@monet-ai/models/spec";
import { FINAL_STATUSES } from "./generated/task-rules.gen.js";
import { cut } from "./server-text.js";

/** Whether a task has ended: its status is one the spec marks final (`x-monet-final`). */
export const isFinal = (t: Task) => (FINAL_STATUSES as readonly string[]).includes(t.status);

/**
 * A task that ended unsuccessfully as TaskFailedError's message and code, whatever the server put
 * in `error`: an object (its message, cut to a bound, and its code if a string), a string (the
 * message), or nothing; never "failed: undefined", never a code that is not a string.
 */
export function failureOf(task: Task): [string, { taskId: string; code?: string }] {
  const { message = task.error, code } = Object(task.error);
  return [
    `Task ${task.id} ${task.status}${typeof message === "string" && message ? `: ${cut(message)}` : ""}`,
    { taskId: task.id, code: typeof code === "string" ? code : undefined },
  ];
}
