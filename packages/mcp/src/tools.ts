// The tools an agent sees. Their descriptions and input schemas come from the model catalog and
// the spec's JSON Schemas, so a model added to the spec reaches agents with no hand edit.
import { listModels, type ModelType } from "@monet-ai/models";
import { inputSchemas } from "@monet-ai/models/schemas";

const TYPES: ModelType[] = ["video", "image", "music"];

const modelLines = (type: ModelType) =>
  listModels({ type }).map((m) => `- ${m.id}: ${m.name} (${m.provider}). ${m.tagline}.${m.durationSeconds ? ` ${m.durationSeconds.min}-${m.durationSeconds.max} s.` : ""}`).join("\n");

export function tools() {
  const create = TYPES.map((type) => ({
    name: `create_${type}_task`,
    description: `Create a ${type} generation task on Monet AI. Pick the model in input.model:\n${modelLines(type)}\nLocal files: upload them first with upload_file and pass the URLs. With wait: true (default) it returns the finished task with output URLs and reports progress.`,
    inputSchema: {
      type: "object",
      properties: {
        input: { description: `The ${type} model's input, selected by its model field.`, oneOf: Object.values(inputSchemas[type]).map(({ $schema: _s, $id: _i, ...s }) => s) },
        wait: { type: "boolean", default: true, description: "Wait for the task to finish (with progress notifications)." },
        idempotency_key: { type: "string", description: "Reuse to make a retried call return the same task instead of a new one." },
      },
      required: ["input"],
      additionalProperties: false,
    },
  }));
  return [
    {
      name: "list_models",
      description: "List Monet AI's generation models (video, image, music) with what each is good at. Filter by type, provider or feature (audio, reference-images, reference-videos, negative-prompt, style, lyrics, ...).",
      inputSchema: { type: "object", properties: { type: { enum: TYPES }, provider: { type: "string" }, feature: { type: "string" } }, additionalProperties: false },
    },
    {
      name: "describe_model",
      description: "Everything about one model: use cases, duration, pricing where published, every input field with its allowed values and default, and a valid example input.",
      inputSchema: { type: "object", properties: { id: { type: "string" }, type: { enum: TYPES } }, required: ["id"], additionalProperties: false },
    },
    ...create,
    {
      name: "get_task",
      description: "A task's status (pending, processing, success, failed), progress and output URLs.",
      inputSchema: { type: "object", properties: { task_id: { type: "string" } }, required: ["task_id"], additionalProperties: false },
    },
    {
      name: "wait_for_task",
      description: "Wait until a task succeeds or fails, reporting progress; returns the finished task with output URLs.",
      inputSchema: { type: "object", properties: { task_id: { type: "string" }, poll_interval_ms: { type: "integer", minimum: 10, default: 5000 } }, required: ["task_id"], additionalProperties: false },
    },
    {
      name: "list_tasks",
      description: "Your tasks, newest first, one page at a time.",
      inputSchema: { type: "object", properties: { page: { type: "integer", minimum: 1 }, page_size: { type: "integer", minimum: 1, maximum: 100 } }, additionalProperties: false },
    },
    {
      name: "upload_file",
      description: "Upload a local file (image, video, audio) to get a URL for task inputs. Files are kept 24 hours.",
      inputSchema: { type: "object", properties: { path: { type: "string", description: "Absolute path of the file." } }, required: ["path"], additionalProperties: false },
    },
  ];
}
