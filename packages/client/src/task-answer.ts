// What `create` and `get` (and so `wait`, `run` and `stream`'s polling) resolve with is a task:
// an answer that is anything else (null, a list, a string, an object without an id) is the
// server's error, named, not a value that breaks the caller's code or the poll loop later.
import { isTask } from "./is-task.js";
import { isFollowableTaskId } from "./task-id.js";

/**
 * Whether the answer is a task. With `asked`, the answer to `GET /tasks/{asked}`, which must name
 * that task: callers save files and build commands from its id, so another id is the server's
 * error. Without (`""`), the answer to a create: a task whose id `GET /tasks/{taskId}` takes (the
 * spec's rule, as callOf checks it). A server that answers `a/b/4` made a task no call can follow:
 * refused here, naming the id, rather than at the first GET (after the caller journaled it, and
 * re-attached to it on every rerun). The same create again (its idempotency key) gets the same
 * answer: no second task. Read by the transport (a call's `task`), so an answer refused here takes
 * the failure path as any error answer does: its message is built in the chunk loaded on a
 * failure, whose load the call's signal and timeout bound, and shown by the transport's rules
 * (error-answer.ts's notTheTask).
 */
export const isTaskAnswer = (data: unknown, asked: string) => isTask(data) && (asked ? data.id === asked : isFollowableTaskId(data.id));
