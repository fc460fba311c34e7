// experimental_generateVideo's model. Monet tasks are asynchronous, so besides `doGenerate` (create,
// wait, download) it has the start/status flow: `doStart` creates the task and returns its id as the
// operation (the list of ids for several videos), and `doStatus` reads them, from this process or any other.
import {
  InvalidArgumentError,
  type JSONObject,
  type JSONValue,
  type SharedV4Warning,
  type Experimental_VideoModelV4 as VideoModelV4,
  type Experimental_VideoModelV4CallOptions as VideoModelV4CallOptions,
  type Experimental_VideoModelV4OperationStartResult as VideoModelV4OperationStartResult,
  type Experimental_VideoModelV4OperationStatusResult as VideoModelV4OperationStatusResult,
  type Experimental_VideoModelV4Result as VideoModelV4Result,
  type Experimental_VideoModelV4VideoData as VideoModelV4VideoData,
} from "@ai-sdk/provider";
import type { Task } from "@monet-ai/client";
import { cut } from "@monet-ai/client/operations";
import { ALL_IN_ONE_CALL, finishTasks, runCall } from "./batch.js";
import { nameTasks } from "./call-errors.js";
import type { MonetModelConfig } from "./config.js";
import { prepareInput } from "./input.js";
import { hideDeep } from "./key-hide.js";
import type { MonetVideoModelId } from "./model-ids.js";
import { operationOf, readOperation, readState } from "./operation.js";
import { mapVideoSettings } from "./settings.js";
import { type ModelShape, modelShape } from "./shape.js";
import { recordStart } from "./started-operations.js";
import { type Finished, outputMetadata, type RunContext, taskMetadata } from "./task-run.js";

const VIDEO_TYPES: Record<string, string> = { mp4: "video/mp4", m4v: "video/mp4", webm: "video/webm", mov: "video/quicktime", mkv: "video/x-matroska" };

/** The response's video media type, else the one its URL's extension names, else MP4. */
function videoType(mediaType: string | undefined, url: string): string {
  if (mediaType?.startsWith("video/")) return mediaType;
  return VIDEO_TYPES[/\.([a-z0-9]+)$/i.exec(new URL(url).pathname)?.[1]?.toLowerCase() ?? ""] ?? "video/mp4";
}

/** The videos of a finished task (each checked to begin as a video: output-kind.ts); a media type is always given, so the AI SDK never sniffs one. */
function videosOf(f: Finished): VideoModelV4VideoData[] {
  return f.outputs.map((o) => ({ type: "binary", data: o.data, mediaType: videoType(o.mediaType, o.url) }));
}

function metadata(finished: Finished[]): JSONObject {
  const videos = finished.flatMap((f) => outputMetadata(f).map((m, i) => ({ ...m, mediaType: videoType(f.outputs[i].mediaType, f.outputs[i].url) })));
  return { ...(finished.length === 1 ? taskMetadata(finished[0]) : {}), videos };
}

const failure = (t: Task) => `Monet task ${cut(t.id, 100)} ${t.status}${t.error ? `: ${t.error.message} (${t.error.code})` : ""}`;

export class MonetVideoModel implements VideoModelV4 {
  readonly specificationVersion = "v4";
  /**
   * One call makes all `n` tasks (and one start, all `n`), each with its own key derived from the
   * caller's Idempotency-Key: the AI SDK would otherwise split `n` into calls that carry the same key.
   */
  readonly maxVideosPerCall = ALL_IN_ONE_CALL;
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

  /** Maps and checks the settings (nothing sent if they are wrong), then makes the `n` tasks and runs `then` on them. */
  private async start<R>(options: VideoModelV4CallOptions, then: (ctx: RunContext, tasks: Task[]) => Promise<R>, origin?: object) {
    const n = options.n;
    if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError({ argument: "n", message: `n must be a whole number from 1 (got ${n})` });
    const prepared = prepareInput(this.shape, mapVideoSettings(this.shape, options), options.providerOptions);
    const ctx = this.config.context(options.abortSignal, options.headers);
    const result = await runCall(ctx, this.shape, prepared, n, (tasks) => then(ctx, tasks), origin).catch(async (e) => {
      throw await ctx.log.callError(e);
    });
    return { result, warnings: prepared.warnings, headers: ctx.log.lastHeaders(), hide: ctx.hide };
  }

  private response(timestamp: Date, headers: Record<string, string> | undefined) {
    return { timestamp, modelId: this.modelId, headers };
  }

  async doGenerate(options: VideoModelV4CallOptions): Promise<VideoModelV4Result> {
    const timestamp = new Date();
    const { result: finished, warnings, headers, hide } = await this.start(options, (ctx, tasks) => finishTasks(ctx, this.shape, tasks), options.headers);
    return {
      videos: finished.flatMap(videosOf),
      warnings,
      providerMetadata: { monet: hideDeep(metadata(finished), hide) },
      response: this.response(timestamp, headers),
    };
  }

  async doStart(options: VideoModelV4CallOptions & { webhookUrl?: string }): Promise<VideoModelV4OperationStartResult> {
    const timestamp = new Date();
    const { result: tasks, warnings, headers, hide } = await this.start(options, async (_, tasks) => tasks);
    // One video: the task id, as before; several: the list of ids, which doStatus reads together.
    const [task] = tasks;
    const monet: JSONObject =
      tasks.length === 1
        ? { taskId: task.id, model: this.modelId, status: task.status, createdAt: task.created_at }
        : { taskIds: tasks.map((t) => t.id), model: this.modelId, createdAt: task.created_at };
    const operation = operationOf(tasks);
    // With `poll`, an abort between the AI SDK's status reads never reaches the provider: kept for startedOperations().
    recordStart(options.abortSignal, { modelId: this.modelId, operation });
    // Monet has no webhooks: dropped silently, the URL would leave its caller waiting for a request that never comes.
    const webhook: SharedV4Warning[] = options.webhookUrl
      ? [
          {
            type: "unsupported",
            feature: "webhookUrl",
            details: "Monet has no webhooks: no request will reach it; follow the operation with experimental_getVideoStatus",
          },
        ]
      : [];
    return {
      operation,
      warnings: [...warnings, ...webhook],
      providerMetadata: { monet: hideDeep(monet, hide) },
      response: this.response(timestamp, headers),
    };
  }

  async doStatus(options: {
    operation: JSONValue;
    abortSignal?: AbortSignal;
    headers?: Record<string, string | undefined>;
  }): Promise<VideoModelV4OperationStatusResult> {
    const timestamp = new Date();
    const ids = readOperation(options.operation);
    const ctx = this.config.context(options.abortSignal, options.headers);
    const state = await readState(ctx, this.shape, ids).catch(async (e) => {
      // The poll flow throws this error as it is and drops the operation: the error names its tasks
      // (a wrong operation, refused as such, aside).
      throw await ctx.log.callError(InvalidArgumentError.isInstance(e) ? e : nameTasks(e, this.shape, ids, ctx.signal, { reading: true }));
    });
    const one = ids.length === 1;
    const first = state.tasks[0];
    const base: JSONObject = one
      ? { taskId: ids[0], model: first.outputs?.[0]?.model ?? this.modelId, status: first.status }
      : { taskIds: ids, model: this.modelId };
    const response = this.response(timestamp, ctx.log.lastHeaders());
    const hidden = (monet: JSONObject) => ({ monet: hideDeep(monet, ctx.hide) });
    if (state.status === "failed") {
      const [f] = state.failed;
      const rest = state.failed.length < ids.length ? " (the others go on on Monet, and their outputs stay available)" : "";
      const others = one ? "" : `; the operation's tasks: ${ids.join(", ")}${rest}`;
      const error = f.error ? { code: f.error.code, message: f.error.message } : null;
      return {
        status: "error",
        // The poll flow throws this text as its error's message.
        error: ctx.hide(`${state.failed.map(failure).join("; ")}${others}`),
        providerMetadata: hidden(one ? { ...base, error } : { ...base, error, failed: state.failed.map((t) => t.id) }),
        response,
      };
    }
    if (state.status === "pending") return { status: "pending", providerMetadata: hidden({ ...base, progress: state.progress }), response };
    // progress 100: the AI SDK merges each status's metadata into the last, so the pending reads' progress would otherwise stand.
    const monet = { ...metadata(state.finished), progress: 100 };
    return {
      status: "completed",
      videos: state.finished.flatMap(videosOf),
      warnings: [],
      providerMetadata: hidden(one ? monet : { taskIds: ids, ...monet }),
      response,
    };
  }
}
