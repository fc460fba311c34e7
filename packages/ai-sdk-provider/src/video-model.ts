// experimental_generateVideo's model. Monet tasks are asynchronous, so besides `doGenerate` (create,
// wait, download) it has the start/status flow: `doStart` creates the task and returns its id as the
// operation, and `doStatus` reads that task, from this process or any other.
import {
  InvalidArgumentError,
  type JSONObject,
  type JSONValue,
  type Experimental_VideoModelV4 as VideoModelV4,
  type Experimental_VideoModelV4CallOptions as VideoModelV4CallOptions,
  type Experimental_VideoModelV4OperationStartResult as VideoModelV4OperationStartResult,
  type Experimental_VideoModelV4OperationStatusResult as VideoModelV4OperationStatusResult,
  type Experimental_VideoModelV4Result as VideoModelV4Result,
  type Experimental_VideoModelV4VideoData as VideoModelV4VideoData,
} from "@ai-sdk/provider";
import type { Task } from "@monet-ai/client";
import { isFinal, SUCCESS_STATUS } from "@monet-ai/client/operations";
import type { MonetModelConfig } from "./config.js";
import { prepareInput, uploadMedia } from "./input.js";
import type { MonetVideoModelId } from "./model-ids.js";
import { mapVideoSettings } from "./settings.js";
import { type ModelShape, modelShape } from "./shape.js";
import { collect, createTask, type Finished, finish, outputMetadata, taskKeys, taskMetadata } from "./task-run.js";

const VIDEO_TYPES: Record<string, string> = { mp4: "video/mp4", m4v: "video/mp4", webm: "video/webm", mov: "video/quicktime", mkv: "video/x-matroska" };

/** The response's video media type, else the one its URL's extension names, else MP4. */
function videoType(mediaType: string | undefined, url: string): string {
  if (mediaType?.startsWith("video/")) return mediaType;
  return VIDEO_TYPES[/\.([a-z0-9]+)$/i.exec(new URL(url).pathname)?.[1]?.toLowerCase() ?? ""] ?? "video/mp4";
}

const videosOf = (f: Finished): VideoModelV4VideoData[] => f.outputs.map((o) => ({ type: "binary", data: o.data, mediaType: videoType(o.mediaType, o.url) }));

function metadata(finished: Finished[]): JSONObject {
  const videos = finished.flatMap((f) => outputMetadata(f).map((m, i) => ({ ...m, mediaType: videoType(f.outputs[i].mediaType, f.outputs[i].url) })));
  return { ...(finished.length === 1 ? taskMetadata(finished[0]) : {}), videos };
}

function readOperation(operation: JSONValue): string {
  if (typeof operation === "string" && operation) return operation;
  throw new InvalidArgumentError({
    argument: "operation",
    message: `operation must be the Monet task id that doStart returned (got ${JSON.stringify(operation)?.slice(0, 80)})`,
  });
}

export class MonetVideoModel implements VideoModelV4 {
  readonly specificationVersion = "v4";
  /** One task per video: the AI SDK splits `n` into parallel calls (and starts). */
  readonly maxVideosPerCall = 1;
  private readonly shape: ModelShape;

  constructor(
    readonly modelId: MonetVideoModelId,
    private readonly config: MonetModelConfig,
  ) {
    this.shape = modelShape("video", modelId);
  }

  get provider(): string {
    return this.config.provider;
  }

  /** Maps and checks the settings (nothing sent if they are wrong), uploads input media, creates `n` tasks. */
  private async start(options: VideoModelV4CallOptions, n: number) {
    if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError({ argument: "n", message: `n must be a whole number from 1 (got ${n})` });
    const prepared = prepareInput(this.shape, mapVideoSettings(this.shape, options), options.providerOptions);
    const ctx = this.config.context(options.abortSignal, options.headers);
    const input = await uploadMedia(ctx.client, prepared, ctx);
    const tasks = await Promise.all(taskKeys(n, ctx.idempotencyKey).map((key) => createTask(ctx, this.shape, input, key)));
    return { ctx, tasks, warnings: prepared.warnings };
  }

  private response(timestamp = new Date()) {
    return { timestamp, modelId: this.modelId, headers: undefined };
  }

  async doGenerate(options: VideoModelV4CallOptions): Promise<VideoModelV4Result> {
    const timestamp = new Date();
    const { ctx, tasks, warnings } = await this.start(options, options.n);
    const finished = await Promise.all(tasks.map((t) => finish(ctx, this.shape, t)));
    return { videos: finished.flatMap(videosOf), warnings, providerMetadata: { monet: metadata(finished) }, response: this.response(timestamp) };
  }

  async doStart(options: VideoModelV4CallOptions & { webhookUrl?: string }): Promise<VideoModelV4OperationStartResult> {
    const timestamp = new Date();
    // The operation is one task id; the AI SDK starts one operation per video (maxVideosPerCall).
    if (options.n !== 1)
      throw new InvalidArgumentError({
        argument: "n",
        message: `n must be 1 for doStart: the operation is one Monet task (got ${options.n}); start one per video`,
      });
    const {
      tasks: [task],
      warnings,
    } = await this.start(options, 1);
    return {
      operation: task.id,
      warnings,
      providerMetadata: { monet: { taskId: task.id, model: this.modelId, status: task.status, createdAt: task.created_at } },
      response: this.response(timestamp),
    };
  }

  async doStatus(options: {
    operation: JSONValue;
    abortSignal?: AbortSignal;
    headers?: Record<string, string | undefined>;
  }): Promise<VideoModelV4OperationStatusResult> {
    const timestamp = new Date();
    const taskId = readOperation(options.operation);
    const ctx = this.config.context(options.abortSignal, options.headers);
    const task: Task = await ctx.client.tasks.get(taskId, { signal: ctx.signal, headers: ctx.headers });
    if (task.type !== "video")
      throw new InvalidArgumentError({
        argument: "operation",
        message: `Monet task ${taskId} is ${task.type === "image" ? "an image" : `a ${task.type}`} task, not a video task`,
      });
    const base = { taskId, model: task.outputs?.[0]?.model ?? this.modelId, status: task.status };
    if (task.status !== SUCCESS_STATUS && isFinal(task))
      return {
        status: "error",
        error: `Monet task ${taskId} ${task.status}${task.error ? `: ${task.error.message} (${task.error.code})` : ""}`,
        providerMetadata: { monet: { ...base, error: task.error ? { code: task.error.code, message: task.error.message } : null } },
        response: this.response(timestamp),
      };
    // pending, processing, or a status newer than this package: not final.
    if (!isFinal(task))
      return { status: "pending", providerMetadata: { monet: { ...base, progress: task.outputs?.[0]?.progress ?? 0 } }, response: this.response(timestamp) };
    const finished = await collect(ctx, this.shape, task);
    return {
      status: "completed",
      videos: videosOf(finished),
      warnings: [],
      providerMetadata: { monet: metadata([finished]) },
      response: this.response(timestamp),
    };
  }
}
