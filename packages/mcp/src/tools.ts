// The tools an agent sees. Model lists, input schemas and feature names come from the model
// catalog; argument bounds and result shapes from the API spec (api.ts). A model added to the
// spec reaches agents with no hand edit. Arguments follow the API's names (taskId, pageSize).

import { FILE_LIFETIME, POLL_INTERVAL_MS, POLL_INTERVAL_RANGE_MS, TASK_TYPES } from "@monet-ai/client/operations";
import { durationText, listModels, type ModelType } from "@monet-ai/models";
import { MAX_PIPELINE_FILE_BYTES } from "@monet-ai/pipeline";
import { createInput, outputSchema } from "./advertised-schema.js";
import { api } from "./api.js";
import { generatedSource, type OperationSource, operationTools } from "./operation-tools.js";
import { DEFAULT_MAX_WAIT_MS } from "./wait-budget.js";

type Schema = Record<string, unknown>;
export interface ToolDef {
  name: string;
  title: string;
  description: string;
  inputSchema: Schema & { properties: Record<string, Schema> };
  outputSchema?: Schema;
  /** The operations of the API this tool makes calls of: they get no generic tool (operation-tools.ts). */
  covers?: string[];
  annotations: { title: string; readOnlyHint: boolean; destructiveHint?: boolean; idempotentHint?: boolean; openWorldHint: boolean };
}

/** The task types, and the poll intervals an agent may choose: the spec's (Task.type, getTask's x-monet-poll-interval-*). */
export const TYPES = TASK_TYPES as readonly ModelType[];
export const MIN_POLL_MS = POLL_INTERVAL_RANGE_MS.min;
export const MAX_POLL_MS = POLL_INTERVAL_RANGE_MS.max;
/** The API's recommended interval, from the spec (getTask's x-monet-poll-interval-ms). */
export const DEFAULT_POLL_MS = POLL_INTERVAL_MS;

const seconds = (ms: number) => Math.round(ms / 1000);
/** How a create_*_task call waits: bounded, so a client's request timeout never hides the task id (wait-budget.ts). */
const WAITING = `It waits for the task with progress notifications for at most ${seconds(DEFAULT_MAX_WAIT_MS)} s (unless the server is set otherwise) and returns the finished task with its output URLs, or, if it is still running, the task as it stands (id, status, progress) with a note: then call wait_for_task with its id. Retrying a call with the same idempotencyKey never creates a second task.`;

const article = (word: string) => (/^[aeiou]/i.test(word) ? "an" : "a");
const unique = <T>(xs: Iterable<T>) => [...new Set(xs)];
const FEATURES = unique(listModels().flatMap((m) => m.features)).sort();
const PROVIDERS = unique(listModels().map((m) => m.provider)).sort();
const uri = (m: { type: string; id: string }) => `monet://models/${m.type}/${m.id}`;

const modelLines = (type: ModelType) =>
  listModels({ type })
    .map((m) => {
      const duration = durationText(m);
      const replaced = m.deprecated?.replacement ? `: use ${m.deprecated.replacement}` : "";
      return `- ${m.id}: ${m.name} (${m.provider})${m.deprecated ? ` DEPRECATED${replaced}` : ""}. ${m.tagline}.${duration ? ` ${duration[0].toUpperCase()}${duration.slice(1)}.` : ""}`;
    })
    .join("\n");

const summary = {
  type: "object",
  required: ["id", "type", "name", "provider"],
  properties: {
    id: { type: "string" },
    type: { enum: TYPES },
    name: { type: "string" },
    provider: { type: "string" },
    tagline: { type: "string" },
    features: { type: "array", items: { type: "string" } },
    durationSeconds: { type: "object", properties: { min: { type: "number" }, max: { type: "number" } } },
    duration: {
      type: "string",
      description:
        'The output length: the allowed values when the model takes a list of them ("10 or 15 s"), else its range ("4-12 s") or fixed length ("8 s"); "follows the reference video (<min>-<max> s)" for a model that copies motion from a reference video (not chosen in the input); or that no field sets it. The same words as the model guide.',
    },
    deprecated: {
      type: "object",
      description: "Present when the model is deprecated: the model to use instead and a note, where given. Creating it still works, with a warning.",
      properties: { replacement: { type: "string" }, note: { type: "string" } },
    },
    resource: { type: "string", description: "The model's MCP resource, with its input JSON Schema." },
  },
};
const detail = {
  ...summary,
  required: [...summary.required, "fields", "example"],
  properties: {
    ...summary.properties,
    family: { type: "string" },
    useCases: { type: "array", items: { type: "string" } },
    highlights: { type: "array", items: { type: "string" } },
    generatesAudio: { type: "boolean", description: "true where Monet says the model makes sound; absent where it does not say." },
    outputResolution: { type: "string" },
    pricing: { type: "object" },
    fields: {
      type: "array",
      items: {
        type: "object",
        required: ["name", "kind", "required"],
        properties: {
          name: { type: "string" },
          kind: { type: "string" },
          required: { type: "boolean" },
          description: { type: "string" },
          enum: { type: "array" },
        },
      },
    },
    example: { type: "object", description: "A valid input, ready to pass as `input`." },
  },
};

const object = (properties: Record<string, Schema>, required: string[] = []) => ({
  type: "object",
  properties,
  ...(required.length ? { required } : {}),
  additionalProperties: false,
});
const taskId = { ...api.taskId, description: `${api.taskId.description} For example task_abc123.` };

/** The friendly tools, then one generic tool per operation none of them covers (operation-tools.ts). */
export function tools(source: OperationSource = generatedSource): ToolDef[] {
  const readOnly = (title: string, openWorld: boolean) => ({ title, readOnlyHint: true, openWorldHint: openWorld });
  const create: ToolDef[] = TYPES.map((type) => {
    const title = `Create ${article(type)} ${type} generation task`;
    return {
      name: `create_${type}_task`,
      title,
      description: `${title} on Monet AI. Pick the model in input.model:\n${modelLines(type)}\nBefore the first call with a model, call describe_model with its id: it gives the model's fields with the values, bounds and defaults each takes, and a valid example input. An input the model does not take is refused before anything is sent, naming the field and what is allowed. Local files: upload them first with upload_file and pass the URLs. ${WAITING}`,
      inputSchema: object(
        {
          input: createInput(
            type,
            listModels({ type }).map((m) => m.id),
          ),
          wait: {
            type: "boolean",
            default: true,
            description: `Wait for the task, with progress notifications (default true), for at most ${seconds(DEFAULT_MAX_WAIT_MS)} s (unless the server is set otherwise); false returns the pending task at once. Either way the answer has the task id: follow it with wait_for_task.`,
          },
          idempotencyKey: {
            ...api.idempotencyKey,
            description:
              "Optional (sent as the API's idempotency_key). A call retried with the same key returns the same task instead of creating (and paying for) another, so a retry is safe. Left out, a call with the same input as an earlier one whose finished task has not been returned yet reuses its key; pass a new key to make a second task from the same input.",
          },
        },
        ["input"],
      ),
      outputSchema: api.task,
      covers: ["createTask", "createTaskStream"],
      annotations: { title, readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
    };
  });
  const list: ToolDef[] = [
    {
      name: "list_models",
      title: "List models",
      description: `List Monet AI's generation models (video, image, music) with what each is good at. Filter by type, provider (${PROVIDERS.join(", ")}) or feature. Each model is also an MCP resource (monet://models/{type}/{id}).`,
      inputSchema: object({
        type: { enum: TYPES, description: "Only models of this type." },
        provider: { type: "string", minLength: 1, description: `Only this provider's models (any case): ${PROVIDERS.join(", ")}.` },
        feature: { enum: FEATURES, description: "Only models with this feature." },
      }),
      outputSchema: object({ models: { type: "array", items: summary } }, ["models"]),
      annotations: readOnly("List models", false),
    },
    {
      name: "describe_model",
      title: "Describe a model",
      description:
        "Everything about one model: use cases, duration, pricing where published, every input field with its allowed values and default, and a valid example input. An id used by two types (wan-2-5) returns both unless type is given.",
      inputSchema: object(
        {
          model: { type: "string", minLength: 1, description: "The model id, as in input.model (sora-2, flux-2-dev, ...); list_models lists them." },
          type: { enum: TYPES, description: "The model's type, when its id names models of two types." },
        },
        ["model"],
      ),
      outputSchema: object({ models: { type: "array", minItems: 1, items: detail } }, ["models"]),
      annotations: readOnly("Describe a model", false),
    },
    ...create,
    {
      name: "get_task",
      title: "Get a task",
      description: "A task's status (pending, processing, success, failed), progress and output URLs.",
      inputSchema: object({ taskId }, ["taskId"]),
      outputSchema: api.task,
      covers: ["getTask"],
      annotations: readOnly("Get a task", true),
    },
    {
      name: "wait_for_task",
      title: "Wait for a task",
      description: `Wait for a task to succeed or fail, with a progress notification at least every second, for at most ${seconds(DEFAULT_MAX_WAIT_MS)} s (unless the server is set otherwise): returns the finished task with output URLs, or the task as it stands with a note to call wait_for_task again. Polls every pollIntervalMs (${MIN_POLL_MS} to ${MAX_POLL_MS}, default ${DEFAULT_POLL_MS} as the API recommends).`,
      inputSchema: object(
        {
          taskId,
          pollIntervalMs: {
            type: "integer",
            minimum: MIN_POLL_MS,
            maximum: MAX_POLL_MS,
            default: DEFAULT_POLL_MS,
            description: "Milliseconds between polls of the task.",
          },
        },
        ["taskId"],
      ),
      outputSchema: api.task,
      annotations: readOnly("Wait for a task", true),
    },
    {
      name: "list_tasks",
      title: "List tasks",
      description: "Your tasks, newest first, one page at a time.",
      inputSchema: object({ page: api.page, pageSize: api.pageSize }),
      outputSchema: api.taskList,
      covers: ["listTasks"],
      annotations: readOnly("List tasks", true),
    },
    {
      name: "upload_file",
      title: "Upload a file",
      description: `Upload a local image, video or audio file to get a URL for task inputs (kept ${FILE_LIFETIME}). Only files inside the folders the user allowed (the client's roots, or MONET_MCP_ROOTS) can be read; the answer says how to allow one when none is.`,
      inputSchema: object({ path: { type: "string", minLength: 1, description: "Absolute path of the file, inside an allowed folder." } }, ["path"]),
      outputSchema: api.file,
      covers: ["uploadFile"],
      annotations: { title: "Upload a file", readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
    },
    {
      name: "run_pipeline",
      title: "Run a pipeline",
      description:
        "Run a pipeline file (YAML or JSON: image, video and music steps fanned out over items and chained by their outputs; see the @monet-ai/pipeline README) and save every output into outDir, with progress notifications; returns the manifest (each task's id, step, item, output URLs, files, failure). A run longer than one call's bound goes on in the server: the answer is then its standing (status running, done of total); call again with the same file and outDir to follow it until the manifest comes. The same call after a stop resumes: finished outputs are kept, running tasks re-attached, nothing is created twice. Cancelling the call stops the run. With dryRun it checks every input for every item and returns the plan, creating nothing. Both paths must be inside the folders the user allowed (the client's roots, or MONET_MCP_ROOTS).",
      inputSchema: object(
        {
          file: {
            type: "string",
            minLength: 1,
            description: `Absolute path of the pipeline file (.yaml, .yml or .json, at most ${MAX_PIPELINE_FILE_BYTES / 1024 / 1024} MiB), inside an allowed folder.`,
          },
          outDir: {
            type: "string",
            minLength: 1,
            description:
              "Absolute path of the folder for outputs, manifest.json and the journal (made if missing), inside an allowed folder; a manifest.json there that an earlier run did not write is never replaced. Required unless dryRun.",
          },
          dryRun: {
            type: "boolean",
            default: false,
            description: "Only check every input and return the plan (tasks per step and model, credits where published).",
          },
          retryFailed: { type: "boolean", default: false, description: "Create the tasks that failed in an earlier run again, with new idempotency keys." },
        },
        ["file"],
      ),
      outputSchema: {
        type: "object",
        description:
          "The manifest (name, summary, requests, tasks); before the run's end its standing (status: running, file, outDir, done, total, running, next); with dryRun the plan (ok, issues, plan, total); a run stopped because no request could work (a refused key, an API that cannot be reached) is an error whose content is status: stopped, reason (auth or connection), summary, manifest, next.",
      },
      annotations: { title: "Run a pipeline", readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    },
  ];
  return [...list, ...operationTools(new Set(list.flatMap((t) => t.covers ?? [])), source)].map((t) =>
    t.outputSchema ? { ...t, outputSchema: outputSchema(t.outputSchema) } : t,
  );
}

export { uri as modelUri };
