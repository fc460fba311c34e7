// The public request and response types, built on the types hey-api generates from the spec.
import type { CreateTaskRequest, Task, TaskStreamEvent } from "./generated/types.gen.js";

export type {
  Task,
  TaskList,
  TaskOutput,
  TaskStatus,
  TaskType,
  TaskError,
  TaskStreamEvent,
  UploadedFile,
  CreateTaskRequest,
} from "./generated/types.gen.js";

/** Local media the client uploads for you: a Blob or File, or raw bytes. */
export type LocalMedia = Blob | Uint8Array | ArrayBuffer;

type MediaField = "images" | "videos";
/** An input whose `images`/`videos` may also hold local media (uploaded before the task is created). */
type WithLocalMedia<I> = I extends unknown ? { [K in keyof I]: K extends MediaField ? Array<string | LocalMedia> : I[K] } : never;

/**
 * What `tasks.create` takes: the spec's request, with `input` narrowed by `type` then `model`,
 * local media allowed in `images`/`videos`, and `idempotency_key` filled in when left out.
 */
export type CreateTaskParams = CreateTaskRequest extends infer R
  ? R extends { type: infer T; input: infer I }
    ? { type: T; input: WithLocalMedia<I>; idempotency_key?: string }
    : never
  : never;

/** A streamed event; `event` names it, `task` is the task at that moment. */
export type TaskEvent = Extract<TaskStreamEvent, { task: Task }>;
