// The public request and response types, built on the types hey-api generates from the spec.
import type { Inputs } from "@monet-ai/models";
import type { Task, TaskStreamEvent, TaskType } from "@monet-ai/models/spec";

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
type WithLocalMedia<I> = { [K in keyof I]: K extends MediaField ? Array<string | LocalMedia> : I[K] };

/**
 * Every model's input by type, then model id, with local media allowed: the generated `Inputs`
 * map (the spec's own types). Calls look a model up here by indexed access, which the type
 * checker does once per model, instead of matching each call against the union of every request.
 */
export type ModelInputs = { [T in keyof Inputs]: { [M in keyof Inputs[T]]: WithLocalMedia<Inputs[T][M]> } };

/** Every model id this version of the SDK knows. */
export type KnownModelId = { [T in keyof Inputs]: keyof Inputs[T] }[keyof Inputs];

/**
 * A model id as calls take it: the known ids, which editors offer as you type, or any other
 * string (a model newer than this SDK). A bare `string` bound offered none.
 */
export type ModelId = KnownModelId | (string & {});

/** A model newer than this SDK: sent as given, its fields unchecked here (the API decides). */
export interface UnknownModelParams<M extends string = string & {}> {
  type: TaskType;
  input: { model: M; [field: string]: unknown };
  idempotency_key?: string;
}

/** The request of every model this version knows, narrowed by `type` then `model`. */
type KnownParams = { [T in keyof Inputs]: { type: T; input: ModelInputs[T][keyof Inputs[T]]; idempotency_key?: string } }[keyof Inputs];

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
 * The task type(s) of each model (`wan-2-5` is video and image); any type for a model this SDK
 * does not know (the index signature: a property wins over it for a known id).
 */
export type ModelTaskTypes = { [M in KnownModelId]: { [T in keyof Inputs]: M extends keyof Inputs[T] ? T : never }[keyof Inputs] } & {
  [model: string]: TaskType;
};

/** The inputs a task type takes by model id: a known model's own, a loose one for any other id. */
type InputTable = { [T in TaskType]: (T extends keyof ModelInputs ? ModelInputs[T] : unknown) & { [model: string]: UnknownModelParams["input"] } };

/**
 * What `create`, `run` and `stream` take. `M` is read from `input.model` (a plain inference
 * site) and `T` from `type`; `T` is bounded by the model's task types, so a model of another type
 * is an error on `type`, and a known model's input is checked field by field (the error on the
 * field). A model id this SDK does not know gets a loose input.
 */
export interface CreateTaskArgs<M extends string, T extends TaskType = ModelTaskTypes[M]> {
  type: T;
  input: { model: M } & InputTable[T][M];
  idempotency_key?: string;
}

/** A streamed event; `event` names it, `task` is the task at that moment. */
export type TaskEvent = Extract<TaskStreamEvent, { task: Task }>;
