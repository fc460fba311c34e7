// A task that ended unsuccessfully, as the TaskFailedError `wait` and `run` throw: its message and
// stack by the failure path's rule for the key (any run of half of it: key-tail.ts), as an HTTP
// error's, and its message and code without terminal sequences and control characters (strip-controls.ts). The task's data gave only the start path's rule (a reason quoting the key without its
// `monet_` start was in `err.message`). Loaded with the failure chunk: a wait that succeeds never pays for it.
import type { Task } from "@monet-ai/models/spec";
import type { Transport } from "./core.js";
import { TaskFailedError } from "./errors.js";
import { shownError } from "./key-tail.js";

/**
 * Throws the error for `task`, which ended with a final status other than success. `err.task` stays
 * the task as the client returns task data (the same object `onProgress` was given).
 */
export const failedTask = (task: Task, t: Transport): never => {
  throw shownError(new TaskFailedError(task), t);
};
