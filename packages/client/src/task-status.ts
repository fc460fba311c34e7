// Whether a task has ended, from the statuses the spec marks final. Its own module, so the
// entries that only need this (`/operations`) do not bundle the wait loop and its error classes.
import type { Task } from "@monet-ai/models/spec";
import { FINAL_STATUSES } from "./generated/task-rules.gen.js";

/** Whether a task has ended: its status is one the spec marks final (`x-monet-final`). */
export const isFinal = (t: Task) => (FINAL_STATUSES as readonly string[]).includes(t.status);
