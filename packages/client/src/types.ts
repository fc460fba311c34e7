// The public request and response types, built on the types hey-api generates from the spec.
import type { CreateTaskRequest, Task, TaskStreamEvent, TaskType } from "@monet-ai/models/spec";

export type {
  CreateTaskRequest,
  Task,
  TaskError,
  TaskList,
  TaskOutput,
  TaskStatus,
  TaskStreamEvent,
  TaskType,
  UploadedFile,
} from "@monet-ai/models/spec";

/** Local media the client uploads for you: a Blob or File, or raw bytes. */
export type LocalMedia = Blob | Uint8Array | ArrayBuffer;

type MediaField = "images" | "videos";
/** An input whose `images`/`videos` may also hold local media (uploaded before the task is created). */
type WithLocalMedia<I> = I extends unknown ? { [K in keyof I]: K extends MediaField ? Array<string | LocalMedia> : I[K] } : never;

/** The request of every model this version knows, narrowed by `type` then `model`. */
type KnownParams = CreateTaskRequest extends infer R
  ? R extends { type: infer T; input: infer I }
    ? { type: T; input: WithLocalMedia<I>; idempotency_key?: string }
    : never
  : never;

/** Every model id this version of the SDK knows. */
export type KnownModelId = CreateTaskRequest["input"]["model"];

/** A model newer than this SDK: sent as given, its fields unchecked here (the API decides). */
export interface UnknownModelParams<M extends string = string & {}> {
  type: TaskType;
  input: { model: M; [field: string]: unknown };
  idempotency_key?: string;
}

/**
 * What `tasks.create` takes: the spec's request, with `input` narrowed by `type` then `model`,
 * local media allowed in `images`/`videos`, and `idempotency_key` filled in when left out. `M`
 * is the model named in a call (inferred): a model this version does not know is accepted
 * through the `(string & {})` escape hatch, while a known one keeps its checks (a wrong field or
 * a model of another type is still a compile error). `CreateTaskParams` alone is known models only.
 */
export type CreateTaskParams<M extends string = never> =
  | KnownParams
  | (string extends M ? UnknownModelParams : M extends KnownModelId ? never : UnknownModelParams<M>);

/**
 * What `create`, `run` and `stream` take: `CreateTaskParams<M>`, with `M` read straight from
 * `input.model` (a plain inference site: the generated model types are intersections, which
 * TypeScript does not infer a literal through).
 */
export type CreateTaskArgs<M extends string> = CreateTaskParams<M> & { input: { model: M } };

/** A streamed event; `event` names it, `task` is the task at that moment. */
export type TaskEvent = Extract<TaskStreamEvent, { task: Task }>;
