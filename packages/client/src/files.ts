// `files.upload`: Blob/File, bytes, and web or Node streams, sent as multipart/form-data.

import type { UploadedFile } from "@monet-ai/models/spec";
// Not through runtime.ts: the node entry's build takes this module (through uploads.ts), and
// runtime.ts would bring it wait.ts, whose import() of the failure chunk copies the error classes there.
import { callOf } from "./args.js";
import { isBrowser } from "./browser.js";
import type { Answer, Call, RequestOptions, Transport } from "./core.js";
import { APIError } from "./errors.js";
import { uploadFile as op } from "./generated/operations/uploadFile.gen.js";
import { checkedContentType, isMediaType } from "./media-type.js";
import { refuse } from "./refuse.js";
import { type Sourced, type SourceRead, UPLOAD_SOURCE } from "./upload-source.js";
import { again, gathered, iterate } from "./upload-stream.js";

export type UploadData = Blob | Uint8Array | ArrayBuffer | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;

export interface UploadOptions extends RequestOptions {
  /** The name the file gets (default: the File's own name, a read stream's file name, or "upload"). */
  filename?: string;
  /** Its media type, such as `image/png` (default: the Blob's own type, or application/octet-stream); anything else (a line break in it) is refused before sending. */
  contentType?: string;
}

const newBoundary = () => `----monet${Math.random().toString(16).slice(2)}${Date.now().toString(16)}`;
const multipartType = (boundary: string) => `${op.body.contentType}; boundary=${boundary}`;

/** The bytes around a file's own in a multipart body of one field, the operation's file field (FileUpload's). */
function multipartFrame(filename: string, contentType: string, boundary: string) {
  const enc = new TextEncoder();
  return {
    head: enc.encode(
      `--${boundary}\r\ncontent-disposition: form-data; name="${op.multipart.fileField}"; filename="${filename.replace(/["\r\n]/g, "_")}"\r\ncontent-type: ${contentType}\r\n\r\n`,
    ),
    tail: enc.encode(`\r\n--${boundary}--\r\n`),
  };
}

/** A multipart body streamed from a source, never held whole in memory; `handedOn` once its last bytes are handed to the connection. */
function multipartStream(source: AsyncIterable<Uint8Array>, { head, tail }: ReturnType<typeof multipartFrame>, handedOn?: () => void) {
  const it = source[Symbol.asyncIterator]();
  let stage = 0;
  return new ReadableStream<Uint8Array>(
    {
      async pull(ctrl) {
        if (stage === 0) {
          stage = 1;
          return ctrl.enqueue(head);
        }
        if (stage === 1) {
          const { done, value } = await it.next();
          if (!done) return ctrl.enqueue(value instanceof Uint8Array ? value : new Uint8Array(value));
          stage = 2;
          ctrl.enqueue(tail);
          handedOn?.();
          return ctrl.close();
        }
      },
      cancel: () => void it.return?.(),
      // Pulled only when fetch reads: `handedOn` says what fetch took, not what was queued ahead.
    },
    { highWaterMark: 0 },
  );
}

/** A caller's bytes as views of 64 KiB each: sent from where they are, never copied. */
async function* views(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += VIEW) yield bytes.subarray(at, at + VIEW);
}
const VIEW = 64 * 1024;

export async function uploadFile(transport: Transport, data: UploadData, opts: UploadOptions = {}): Promise<Answer<UploadedFile>> {
  // Plain JavaScript can pass anything: a path string failed deep in the stream code.
  if (!data || typeof data !== "object")
    throw refuse("file", "a Blob, File, bytes or a stream; for a file on disk: fileFromPath(path) from @monet-ai/client/node", data);
  // A File's name, or a Node fs.ReadStream's path (its last part).
  const named = (data as { name?: unknown }).name ?? (data as { path?: unknown }).path;
  const filename = opts.filename ?? (typeof named === "string" && named ? (named.split(/[\\/]/).pop() ?? "") : "upload");
  // Written into the part's head as it is, on every path: refused before anything is sent unless
  // it is one media type. A Blob's own type that is none (a browser keeps any printable text) is
  // not the caller's option: it goes as plain bytes.
  const own = (data as Blob).type;
  const type = opts.contentType !== undefined ? checkedContentType(opts.contentType) : isMediaType(own) ? own : "application/octet-stream";
  const boundary = newBoundary();
  const frame = multipartFrame(filename, type, boundary);
  const multipart = { ...opts.headers, "content-type": multipartType(boundary) };
  // Its length is known, so it goes with one, as a FormData of a Blob would: a server or gateway
  // may refuse a chunked upload.
  const sized = (size: number) => ({ ...opts, headers: { ...multipart, "content-length": String(frame.head.length + size + frame.tail.length) } });
  // Sent again after a retryable failure, unless its whole body was handed to the connection,
  // which then failed (upload-resend.ts): each attempt's body is made anew and says when its last
  // byte was handed on, which the call's `handedWhole` tells the transport.
  let whole = false;
  // What it was when fetch failed, if it did: fetch may go on pulling the rest of the body after
  // failing (it did to the end while a process's first failure loaded the failure chunk), which
  // does not make a body the server cut short one handed whole.
  let whenFailed: boolean | undefined;
  const handedWhole = () => whenFailed ?? whole;
  const replay = (read: () => Promise<AsyncIterable<Uint8Array>>) => async () => {
    whole = false;
    whenFailed = undefined;
    return multipartStream(await read(), frame, () => {
      whole = true;
    });
  };
  // The client's transport, whose fetch notes that moment (in this lazy chunk: the start path has no bytes for it).
  const { cfg } = transport;
  const noting: Transport = Object.create(transport, {
    cfg: {
      value: {
        ...cfg,
        fetch: (url: string, init: RequestInit) =>
          cfg.fetch(url, init).catch((e) => {
            whenFailed = whole;
            throw e;
          }),
      },
    },
  });
  const send = async (call: Call, o: RequestOptions) => checkedUpload(await noting.send<UploadedFile>({ ...call, handedWhole }, o));
  // A File from fileFromPath: each attempt reads, through a descriptor of its own, the file the
  // call opened, and is refused if it changed or was replaced since (node.ts).
  const source = (data as Sourced)[UPLOAD_SOURCE];
  if (source) {
    // One descriptor at a time: an attempt's own closes when its body is read to the end or
    // dropped; one whose body was never read (a refused connection) closes at the next attempt,
    // or when the upload ends.
    let read: SourceRead | undefined;
    const fresh = replay(async () => {
      await read?.close();
      read = await source();
      return read.bytes;
    });
    try {
      return await send({ ...callOf(op), fresh, upload: true }, sized((data as Blob).size));
    } finally {
      await read?.close();
    }
  }
  const bytes = data instanceof Uint8Array ? data : data instanceof ArrayBuffer ? new Uint8Array(data) : undefined;
  if (!isBrowser()) {
    // Bytes in Node: each attempt streams views of them through the same framing, so a 300 MB
    // Buffer costs no copy (a Blob of it, then FormData's serialisation, held about 4x its size).
    // They are read as they are sent: change them only once the upload has settled.
    if (bytes) return send({ ...callOf(op), fresh: replay(async () => views(bytes)), upload: true }, sized(bytes.length));
    // A Blob's own stream, anew for each attempt.
    if (data instanceof Blob) return send({ ...callOf(op), fresh: replay(async () => iterate(data.stream())), upload: true }, sized(data.size));
    // A stream given by the caller can be read once: it is read into memory first (upload-stream.ts),
    // then sent as its chunks, so a 429 or 5xx sends it again as it does bytes.
    const { chunks, size } = await gathered(data as AsyncIterable<Uint8Array>, opts);
    return send({ ...callOf(op), fresh: replay(async () => again(chunks)), upload: true }, sized(size));
  }
  // Browsers stream request bodies only over HTTP/2: the body is a Blob there (a stream gathered
  // into one), the framing around the data, which references its parts and can be sent again.
  // How much of it went out cannot be seen: a failed connection is taken as one that may have sent
  // it whole, unless the platform says it never opened (upload-resend.ts).
  let blob: Blob;
  if (data instanceof Blob) blob = data;
  else if (bytes) blob = new Blob([bytes as BlobPart]);
  else blob = new Blob((await gathered(data as ReadableStream<Uint8Array>, opts)).chunks as BlobPart[]);
  whole = true;
  return send({ ...callOf(op), body: new Blob([frame.head as BlobPart, blob, frame.tail as BlobPart]), upload: true }, { ...opts, headers: multipart });
}

function checkedUpload(answer: Answer<UploadedFile>): Answer<UploadedFile> {
  // The URL goes into a task's input: an answer without one is the server's error, not the input's.
  const url = (answer.data as Partial<UploadedFile> | null)?.url;
  if (typeof url !== "string" || !/^https?:\/\/./i.test(url))
    throw new APIError(`The upload was answered without a file URL (got ${JSON.stringify(answer.data)?.slice(0, 80)})`, {
      status: answer.response.status,
      requestId: answer.requestId,
    });
  return answer;
}
