// What `create` and `get` (and so `wait`, `run` and `stream`'s polling) resolve with is a task:
// an answer that is anything else (null, a list, a string, an object without an id) is the
// server's error, named, not a value that breaks the caller's code or the poll loop later.
import type { Task } from "@monet-ai/models/spec";
import type { Answer } from "./core.js";
import { APIError } from "./errors.js";

export function taskAnswer(a: Answer<Task>): Answer<Task> {
  const t = a.data as Partial<Task> | null;
  if (!t || typeof t !== "object" || Array.isArray(t) || typeof t.id !== "string")
    throw new APIError(`Expected a task, got ${JSON.stringify(t)?.slice(0, 60)}`, { status: a.response.status, requestId: a.requestId });
  return a;
}
