// A task's outputs for any runtime (browsers, Workers, Deno, Bun, edge, Node), like replicate's
// FileOutput: each output's URL, its bytes as a Blob or a stream, and its media type. Fetched
// under the same rules as `saveOutput` (output-fetch.ts, output-url.ts). Its own entry, `@monet-ai/client/outputs`,
// so the start bundle of an app that never imports it does not change.
import type { Task } from "@monet-ai/models/spec";
import {
  allowedType,
  checkOutputCount,
  checkOutputUrl,
  checkResponse,
  type FetchOutputOptions,
  fetchOutput,
  maxBytesOf,
  stallRuleOf,
  tooLarge,
} from "./output-fetch.js";

export type OutputOptions = FetchOutputOptions;

/** One output, fetched: its media type, its declared size, and its bytes as they arrive. */
export interface OutputStream {
  url: string;
  /** The response's media type if it is on the allowed list (`image/png`, `video/mp4`...), else `application/octet-stream`. */
  type: string;
  /** The declared size in bytes (`content-length`), if the server sent one. */
  size: number | undefined;
  /** The body, cut off with an `OutputError` (`too_large`) past `maxBytes`. Read it or cancel it. */
  body: ReadableStream<Uint8Array>;
}

/** One output of a task, not fetched yet. */
export interface TaskOutput {
  /** The output's URL, already checked against the rules (output-url.ts: a listed origin, https: to a public host, local hosts only against a local API). */
  readonly url: string;
  /** Its position in `task.outputs`. */
  readonly index: number;
  /** The model that made it. */
  readonly model: string;
  /** Fetches it whole: a Blob whose `type` is the output's media type (see `OutputStream.type`). */
  blob(options?: OutputOptions): Promise<Blob>;
  /** Starts fetching it: its media type and size once the headers arrive, and the body as a stream. */
  stream(options?: OutputOptions): Promise<OutputStream>;
}

/** Fetches one output URL under the rules (checked first, then each redirect hop, then the size as it arrives). */
export async function openOutput(url: string, opts: OutputOptions = {}): Promise<OutputStream> {
  const maxBytes = maxBytesOf(opts);
  const res = await fetchOutput(url, opts);
  const source = await checkResponse(url, res, maxBytes);
  const declared = Number(res.headers.get("content-length") ?? NaN);
  let bytes = 0;
  // Counts what arrives; past the cap the stream errors and the download is cancelled.
  const body = source.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, ctrl) {
        bytes += chunk.byteLength;
        if (bytes > maxBytes) ctrl.error(tooLarge(url, maxBytes));
        else ctrl.enqueue(chunk);
      },
    }),
  );
  return { url, type: allowedType(res), size: Number.isSafeInteger(declared) ? declared : undefined, body };
}

async function toBlob(o: OutputStream): Promise<Blob> {
  const parts: BlobPart[] = [];
  const reader = o.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value as BlobPart);
  }
  return new Blob(parts, { type: o.type });
}

/**
 * The outputs of a task that have a URL, each ready to fetch as a Blob or a stream:
 * `const [video] = outputs(done); const blob = await video.blob()`. Every URL is checked here,
 * before anything is fetched: an unsafe one throws `OutputError` (`unsafe_url`). `options`
 * (size cap, `allowOrigins: [monet.baseUrl]`, signal, fetch) apply to every fetch; each
 * `blob()`/`stream()` call can override them.
 */
export function outputs(task: Pick<Task, "outputs"> & { id?: string }, options: OutputOptions = {}): TaskOutput[] {
  maxBytesOf(options);
  stallRuleOf(options);
  checkOutputCount(task);
  const list: TaskOutput[] = [];
  (task.outputs ?? []).forEach((o, index) => {
    if (!o.url) return;
    const url = checkOutputUrl(o.url, options.allowOrigins).href;
    const opts = (more?: OutputOptions) => ({ ...options, ...more });
    list.push({
      url,
      index,
      model: o.model,
      stream: (more) => openOutput(url, opts(more)),
      blob: (more) => openOutput(url, opts(more)).then(toBlob),
    });
  });
  return list;
}

// A key a server hid in what it sent, for tools that show it (the CLI, the MCP server); any run of
// it in a stream, for the proxy's body filter (one rule: key-run.ts).
export { INVISIBLE_CHARACTERS, redactHidden, TERMINAL_SEQUENCE } from "./hidden-key.js";
// The key's base64 forms (a logged Authorization header), for the AI SDK provider's errors: the failure path's rule (key-tail.ts).
export { hideKeyBase64 } from "./key-base64.js";
export { hideKeyRuns, keyRunScanner } from "./key-run.js";
// What media a file's first bytes are, for any runtime (the Node entry reads files with it too).
export { type MediaKind, mediaKind, SNIFF_BYTES } from "./media-kind.js";
export {
  DEFAULT_MAX_BYTES,
  type FetchOutputOptions,
  knownType,
  MAX_OUTPUTS,
  OUTPUT_EXTENSIONS,
  STALL_BYTES,
  STALL_TIMEOUT_MS,
  UNKNOWN_TYPE,
} from "./output-fetch.js";
export { checkOutputUrl, isLocalHost, isLocalUrl, OutputError, shown } from "./output-url.js";
