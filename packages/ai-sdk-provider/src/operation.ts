// A video operation: the id of the task doStart created, or the list of ids when it created
// several (n > 1). Its status is read from Monet (any process with the key can), all its tasks
// together: failed as soon as one failed, pending while one runs, completed with every video.
import { InvalidArgumentError, type JSONValue } from "@ai-sdk/provider";
import type { Task } from "@monet-ai/client";
import { cut, isFinal, SUCCESS_STATUS } from "@monet-ai/client/operations";
import { AT_ONCE, limited } from "./batch.js";
import type { ModelShape } from "./shape.js";
import { collect, type Finished, type RunContext } from "./task-run.js";

/** What doStart returns for its tasks: one id as before, or the list of them. */
export const operationOf = (tasks: Task[]): string | string[] => (tasks.length === 1 ? tasks[0].id : tasks.map((t) => t.id));

/** The task ids of an operation. */
export function readOperation(operation: JSONValue): string[] {
  if (typeof operation === "string" && operation) return [operation];
  if (Array.isArray(operation) && operation.length && operation.every((id) => typeof id === "string" && id)) return operation as string[];
  throw new InvalidArgumentError({
    argument: "operation",
    message: `operation must be what doStart returned: a Monet task id, or a list of them for several videos (got ${JSON.stringify(operation)?.slice(0, 80)})`,
  });
}

/** `work` on each, a few at a time; the first error is thrown. */
async function each<T, R>(items: T[], work: (item: T) => Promise<R>): Promise<R[]> {
  const { results, failure } = await limited(items, AT_ONCE, work);
  if (failure) throw failure.error;
  return results as R[];
}

export type OperationState =
  | { status: "failed"; tasks: Task[]; failed: Task[] }
  | { status: "pending"; tasks: Task[]; progress: number }
  | { status: "completed"; tasks: Task[]; finished: Finished[] };

/** Reads the operation's tasks and, once all succeeded, downloads their outputs. */
export async function readState(ctx: RunContext, shape: ModelShape, ids: string[]): Promise<OperationState> {
  const tasks = await each(ids, (id) => ctx.client.tasks.get(id, { signal: ctx.signal, headers: ctx.headers }));
  for (const task of tasks)
    if (task.type !== shape.type)
      throw new InvalidArgumentError({
        argument: "operation",
        message: `Monet task ${cut(task.id, 100)} is ${task.type === "image" ? "an image" : `a ${task.type}`} task, not a ${shape.type} task`,
      });
  const failed = tasks.filter((t) => t.status !== SUCCESS_STATUS && isFinal(t));
  if (failed.length) return { status: "failed", tasks, failed };
  // pending, processing, or a status newer than this package: not final.
  if (tasks.some((t) => !isFinal(t))) {
    const progress = tasks.reduce((sum, t) => sum + (isFinal(t) ? 100 : (t.outputs?.[0]?.progress ?? 0)), 0) / tasks.length;
    return { status: "pending", tasks, progress };
  }
  return { status: "completed", tasks, finished: await each(tasks, (task) => collect(ctx, shape, task)) };
}
