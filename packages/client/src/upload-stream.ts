// A stream the caller gives `files.upload` can be read only once, and an upload that may be sent
// again (a 429 or 5xx: upload-resend.ts) needs its bytes again. So the stream is read into memory
// first, as openai-node's `toFile` does, and its chunks are sent like bytes on every attempt. At
// most the largest upload the API takes (the spec's bound) is held: past it the stream is refused,
// naming the bound, before anything is sent. A file on disk goes by fileFromPath, never held whole.
import { InputValidationError } from "@monet-ai/models/errors";
import type { RequestOptions } from "./core.js";
import { AbortError } from "./errors.js";
import { uploadFile } from "./generated/operations/uploadFile.gen.js";

/** The largest file the API takes, in bytes (the spec's `x-monet-max-upload-bytes`). */
export const MAX_UPLOAD_BYTES: number = uploadFile.extensions["x-monet-max-upload-bytes"];

/** A web ReadableStream or any async iterable (a Node Readable) as an async iterable of its chunks. */
export function iterate(data: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>): AsyncIterable<Uint8Array> {
  if (Symbol.asyncIterator in data) return data as AsyncIterable<Uint8Array>;
  const reader = (data as ReadableStream<Uint8Array>).getReader();
  return {
    async *[Symbol.asyncIterator]() {
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return;
          yield value;
        }
      } finally {
        reader.releaseLock();
      }
    },
  };
}

/**
 * The stream's chunks, as read (not copied into one buffer), and their size in bytes. Refused
 * once more than `MAX_UPLOAD_BYTES` came (the stream is then left unread); ended by the caller's
 * signal between chunks.
 */
export async function gathered(data: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>, opts: RequestOptions) {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of iterate(data)) {
    if (opts.signal?.aborted) throw new AbortError("Aborted", { cause: opts.signal.reason });
    // A Node stream of strings, or a Buffer from another realm: bytes either way.
    const bytes = chunk instanceof Uint8Array ? chunk : typeof chunk === "string" ? new TextEncoder().encode(chunk) : new Uint8Array(chunk);
    size += bytes.length;
    if (size > MAX_UPLOAD_BYTES)
      throw new InputValidationError([
        {
          path: "file",
          message: `file must be at most ${MAX_UPLOAD_BYTES} bytes, the largest upload the API takes (got a stream of more: a stream is read into memory up to that bound so it can be sent again after a 429 or 5xx)`,
          allowed: `at most ${MAX_UPLOAD_BYTES} bytes`,
        },
      ]);
    chunks.push(bytes);
  }
  return { chunks, size };
}

/** The gathered chunks, anew for each attempt: sent from where they are, never copied. */
export async function* again(chunks: Uint8Array[]): AsyncGenerator<Uint8Array> {
  yield* chunks;
}
