// What `create` and `get` (and so `wait`, `run` and `stream`'s polling) resolve with is a task:
// an answer that is anything else (null, a list, a string, an object without an id) is the
// server's error, named, not a value that breaks the caller's code or the poll loop later.
import type { Task } from "@monet-ai/models/spec";
import type { Answer } from "./core.js";
import { APIError } from "./errors.js";

/** An object with a string id: all the client relies on before it reads a task. */
export const isTask = (t: unknown): t is Task => !!t && typeof t === "object" && !Array.isArray(t) && typeof (t as Task).id === "string";

export function taskAnswer(a: Answer<Task>): Answer<Task> {
  if (!isTask(a.data))
    throw new APIError(`Expected a task, got ${JSON.stringify(a.data)?.slice(0, 60)}`, { status: a.response.status, requestId: a.requestId });
  return a;
}
