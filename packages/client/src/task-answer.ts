// What `create` and `get` (and so `wait`, `run` and `stream`'s polling) resolve with is a task:
// an answer that is anything else (null, a list, a string, an object without an id) is the
// server's error, named, not a value that breaks the caller's code or the poll loop later.
import type { Task } from "@monet-ai/models/spec";
import type { Answer } from "./core.js";
import { APIError } from "./errors.js";
import { isFollowableTaskId } from "./task-id.js";

/** An object with a string id: all the client relies on before it reads a task. */
export const isTask = (t: unknown): t is Task => !!t && typeof t === "object" && !Array.isArray(t) && typeof (t as Task).id === "string";

/**
 * The answer as a task; with `asked`, the answer to `GET /tasks/{asked}`, which must name that
 * task: callers save files and build commands from its id, so another id is the server's error.
 */
export function taskAnswer(a: Answer<Task>, asked?: string): Answer<Task> {
  const t = a.data;
  if (!isTask(t) || (asked && t.id !== asked))
    throw new APIError(
      isTask(t)
        ? `the server answered a GET of task ${asked} with another task, ${JSON.stringify(t.id.slice(0, 100))}`
        : `Expected a task, got ${JSON.stringify(t)?.slice(0, 60)}`,
      {
        status: a.response.status,
        requestId: a.requestId,
        taskId: asked,
      },
    );
  return a;
}

/**
 * The answer to a create: a task whose id `GET /tasks/{taskId}` takes (the spec's rule, as callOf
 * checks it). A server that answers `a/b/4` made a task no call can follow: refused here, naming
 * the id, rather than at the first GET (after the caller journaled it, and re-attached to it on
 * every rerun). The same create again (its idempotency key) gets the same answer: no second task.
 */
export function createdTask(a: Answer<Task>): Answer<Task> {
  const { data } = taskAnswer(a);
  if (!isFollowableTaskId(data.id)) {
    // The id, cut to a length a message can hold; the rule it breaks is the spec's taskId (the docs).
    throw new APIError(`the server answered the create with task id ${JSON.stringify(data.id.slice(0, 100))}, which no call can follow`, {
      status: a.response.status,
      requestId: a.requestId,
    });
  }
  return a;
}
