// What the client relies on before it reads a task, in a module of its own: the parts built
// apart from the main entry (see tsup.config.ts) import it through runtime.ts, and task-answer.ts
// loads the failure chunk (its error classes) with import(), which their build must not follow.
import type { Task } from "@monet-ai/models/spec";

/**
 * An object with a string id: what JSON holds that has one (null, a string, a number or a list
 * has none).
 */
export const isTask = (t: unknown): t is Task => typeof (t as Task | null)?.id === "string";
