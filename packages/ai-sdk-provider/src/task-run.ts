// One Monet task through the client: created with an idempotency key (so no retry makes a
// second one), waited for, its outputs downloaded, and its ids and timings for
// `providerMetadata.monet`. An abort never leaves the task unknown: the error names it.
import type { JSONObject } from "@ai-sdk/provider";
import { APIError, type CreateTaskParams, type Monet, MonetError, type Task } from "@monet-ai/client";
import { cut, SUCCESS_STATUS } from "@monet-ai/client/operations";
import { MAX_OUTPUTS } from "@monet-ai/client/outputs";
import type { CallLog } from "./api-call.js";
import { aborted, afterTaskSucceeded, isAbort } from "./call-errors.js";
import { type DownloadPolicy, download } from "./download.js";
import type { Hide } from "./key-hide.js";
import { checkOutputKind } from "./output-kind.js";
import type { ModelShape } from "./shape.js";

export interface RunContext {
  client: Monet;
  /** The call's API requests: for its errors (as the AI SDK's APICallError) and its response headers. */
  log: CallLog;
  /** Takes the API key out of what a server sent, before the call hands it back (key-hide.ts). */
  hide: Hide;
  signal?: AbortSignal;
  /** Sent with every API request of the call (never with downloads). */
  headers: Record<string, string>;
  /** The caller's Idempotency-Key: the body's key for one task, the root of n tasks' keys. */
  idempotencyKey?: string;
  pollIntervalMs: number;
  /** How long a call waits for its tasks, in ms (Infinity: no limit). */
  waitTimeoutMs: number;
  policy: DownloadPolicy;
}

export interface Output {
  data: Uint8Array;
  mediaType: string | undefined;
  url: string;
  /** The content-type the server sent. */
  served: string | undefined;
}

export interface Finished {
  model: string;
  task: Task;
  outputs: Output[];
  downloadMs: number;
}

/** The AI SDK's per-call headers as the client takes them: no empty values, no idempotency key (it goes in the body). */
export function requestHeaders(headers: Record<string, string | undefined> | undefined): { headers: Record<string, string>; idempotencyKey?: string } {
  const out: Record<string, string> = {};
  let idempotencyKey: string | undefined;
  for (const [k, v] of Object.entries(headers ?? {})) {
    if (v === undefined) continue;
    if (k.toLowerCase() === "idempotency-key") idempotencyKey = v;
    else out[k] = v;
  }
  return { headers: out, idempotencyKey };
}

export async function createTask(ctx: RunContext, shape: ModelShape, input: Record<string, unknown>, idempotencyKey?: string): Promise<Task> {
  // The input was checked against the catalog already (or the model is newer than the catalog).
  const params = { type: shape.type, input, ...(idempotencyKey ? { idempotency_key: idempotencyKey } : {}) } as CreateTaskParams;
  const { data: task, response, requestId } = await ctx.client.tasks.create(params, { signal: ctx.signal, headers: ctx.headers }).withResponse();
  // A task of another type (a video for an image model) is the server's error: waited for, it
  // would end in outputs of the wrong kind, or in the wait's time limit.
  if (task.type !== shape.type)
    throw new APIError(
      `the server answered the create of ${shape.type === "image" ? "an image" : `a ${shape.type}`} task (${shape.id}) with ${JSON.stringify(cut(String(task.type), 40))} task ${cut(task.id, 100)}`,
      { status: response.status, requestId, taskId: task.id },
    );
  return task;
}

/** Downloads a finished task's outputs (as bytes, with their media types). */
export async function collect(ctx: RunContext, shape: ModelShape, task: Task): Promise<Finished> {
  const started = Date.now();
  // A lying server's `outputs` may be no list, or list entries without a URL: no output, not a TypeError.
  const listed: unknown[] = Array.isArray(task.outputs) ? task.outputs : [];
  const urls = listed.flatMap((o) => {
    const url = (o as { url?: unknown } | null)?.url;
    return typeof url === "string" && url ? [url] : [];
  });
  if (!urls.length)
    throw afterTaskSucceeded(new MonetError(`Monet task ${cut(task.id, 100)} (${shape.id}) succeeded without an output URL`, { taskId: task.id }));
  if (urls.length > MAX_OUTPUTS)
    throw afterTaskSucceeded(
      new MonetError(
        `Monet task ${cut(task.id, 100)} (${shape.id}) lists ${urls.length} outputs; no Monet model makes more than one, and the provider holds at most ${MAX_OUTPUTS} in memory: fetch each with openOutput(url) of @monet-ai/client/outputs`,
        { taskId: task.id },
      ),
    );
  try {
    // One at a time: each may be hundreds of MiB, held in memory (the call's tasks run a few at once).
    const outputs: Output[] = [];
    for (const url of urls) {
      const output = { url, ...(await download(url, ctx.policy, ctx.signal)) };
      checkOutputKind(shape.type, task.id, outputs.length, output);
      outputs.push(output);
    }
    return { model: shape.id, task, outputs, downloadMs: Date.now() - started };
  } catch (e) {
    if (isAbort(e, ctx.signal)) throw aborted(shape, [task.id], e, "downloading");
    throw afterTaskSucceeded(e);
  }
}

/**
 * Waits for a created task (the API's 5 s poll advice by default), until `deadline` at most, and
 * downloads its outputs. Every poll carries the call's headers.
 */
export async function finish(ctx: RunContext, shape: ModelShape, task: Task, deadline: number): Promise<Finished> {
  let done: Task;
  try {
    done =
      task.status === SUCCESS_STATUS
        ? task
        : await ctx.client.tasks.wait(task.id, {
            pollInterval: ctx.pollIntervalMs,
            // What is left of the call's time (at least 1 ms: the client refuses 0); Infinity stays none.
            waitTimeout: Math.max(1, deadline - Date.now()),
            headers: ctx.headers,
            signal: ctx.signal,
          });
  } catch (e) {
    if (isAbort(e, ctx.signal)) throw aborted(shape, [task.id], e);
    throw e; // TaskFailedError (with .task), or the client's typed API error
  }
  return collect(ctx, shape, done);
}

/** Task id, model and timings (server: created to completed; local: download). */
export function taskMetadata(f: Finished): JSONObject {
  const created = Date.parse(f.task.created_at);
  const completed = f.task.updated_at ? Date.parse(f.task.updated_at) : NaN;
  return {
    taskId: f.task.id,
    model: f.task.outputs?.[0]?.model ?? f.model,
    status: f.task.status,
    timings: {
      createdAt: f.task.created_at,
      completedAt: f.task.updated_at ?? null,
      taskMs: Number.isFinite(completed - created) ? completed - created : null,
      downloadMs: f.downloadMs,
    },
  };
}

/** One entry per output: where it came from, its media type and size, and its task's metadata. */
export function outputMetadata(f: Finished): JSONObject[] {
  const task = taskMetadata(f);
  return f.outputs.map((o) => ({ ...task, url: o.url, mediaType: o.mediaType ?? null, bytes: o.data.byteLength }));
}
