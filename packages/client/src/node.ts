// @monet-ai/client/node: Node-only helpers.
import { type BigIntStats, constants, openAsBlob } from "node:fs";
import { type FileHandle, open } from "node:fs/promises";
import { basename, extname } from "node:path";
import { InputValidationError } from "@monet-ai/models/errors";
import type { UploadedFile } from "@monet-ai/models/spec";
import type { Monet } from "./client.js";
import { mediaKind, type OpenFile } from "./media-kind.js";
import { checkedContentType } from "./media-type.js";
import { type SourceRead, UPLOAD_SOURCE } from "./upload-source.js";

// Without blocking, so a FIFO (at the call, or swapped in later) cannot hang it.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);
/** How much of the file each read takes (and so each chunk of the request body). */
const CHUNK = 64 * 1024;

/**
 * Why the file `now` is not the file `then` (another file, resized or modified), or "". Not the
 * status-change time: unlinking the file (a path swapped for a link) moves it, and the bytes
 * held through the descriptor are still the ones checked.
 */
function difference(then: BigIntStats, now: BigIntStats): string {
  if (now.dev !== then.dev || now.ino !== then.ino) return "another file is at the path now";
  if (now.size !== then.size) return `${then.size} bytes then, ${now.size} now`;
  return now.mtimeNs !== then.mtimeNs ? "modified" : "";
}

/**
 * The checked file's bytes, read through `handle` (never the path): exactly its noted size, each
 * chunk given only once the descriptor shows the same file, unmodified, after reading it; else
 * `changed` is thrown, which fails the attempt. A file written to while it is sent stops the body
 * at the first chunk read after the write: none of its new bytes goes out (a write moves the
 * modification time before its bytes can be read), so no torn mix of old and new is sent.
 */
async function* readChecked(handle: FileHandle, then: BigIntStats, changed: (why: string) => Error): AsyncGenerator<Uint8Array> {
  try {
    const size = Number(then.size);
    for (let at = 0; at < size; ) {
      // A fresh buffer each time: the request body keeps the chunks it was given.
      const chunk = new Uint8Array(Math.min(CHUNK, size - at));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, at);
      const why = difference(then, await handle.stat({ bigint: true })) || (bytesRead ? "" : "it got shorter");
      if (why) throw changed(`${why}, while it was sent`);
      at += bytesRead;
      yield chunk.subarray(0, bytesRead);
    }
  } finally {
    await handle.close().catch(() => {});
  }
}

/**
 * A File for a path on disk, read lazily as it is sent (never loaded whole into memory):
 * `monet.files.upload(await fileFromPath("clip.mp4"))`, or put it straight into `images`/`videos`.
 * The file is opened here and noted (device, inode, size, modification time), then closed. Each
 * upload attempt opens the path again, checks through that descriptor that it is the same file,
 * unchanged, and sends the bytes read through it; otherwise the file is refused, naming the path,
 * before anything is sent.
 */
export async function fileFromPath(path: string, opts: { contentType?: string; filename?: string } = {}): Promise<File> {
  // Refused here, as every upload refuses it: it would be written into the part's head as it is.
  const type = opts.contentType !== undefined ? checkedContentType(opts.contentType) : (mediaKind(extname(path))?.type ?? "application/octet-stream");
  // Said with the path: Node's own "Unable to open file as blob" names neither the file nor why.
  const fail = (why: string) => new InputValidationError([{ path: "path", message: `fileFromPath: ${why}: ${path}`, received: path }]);
  const changed = (why: string) => fail(`the file changed after fileFromPath opened it (${why}); call fileFromPath again to send it as it is now`);
  // A regular file by the handle's own fstat. Closed at once: the File holds no descriptor (a
  // server making many holds none open).
  const handle = await open(path, OPEN_FLAGS).catch((e: NodeJS.ErrnoException) => {
    throw fail(e.code === "ENOENT" || e.code === "ENOTDIR" ? "no such file" : (e.code ?? "unreadable"));
  });
  const opened = await handle.stat({ bigint: true }).finally(() => handle.close());
  if (!opened.isFile()) throw fail("not a file");
  // The File's own bytes (for code other than the client's uploads) are Node's lazy read of the path.
  const file = new File([await openAsBlob(path, { type })], opts.filename ?? basename(path), { type });
  // Its size is what uploads declare (content-length) and read: the file noted, not a later one.
  if (BigInt(file.size) !== opened.size) throw changed(`${opened.size} bytes then, ${file.size} now`);
  Object.defineProperty(file, UPLOAD_SOURCE, {
    // For each upload attempt: the path opened again, the descriptor checked to be the same file
    // (device and inode) with the same size and modification time, and the bytes read through it.
    // A check of the path followed by a read of the path would send whatever was swapped in between.
    value: async (): Promise<SourceRead> => {
      const handle = await open(path, OPEN_FLAGS).catch(() => undefined);
      const now = handle && (await handle.stat({ bigint: true }).catch(() => undefined));
      const why = now ? difference(opened, now) : "another file is at the path now";
      if (!handle || why) {
        await handle?.close().catch(() => {});
        throw changed(why);
      }
      const bytes = readChecked(handle, opened, changed);
      // Whether or not the body was read (a connection refused reads none), the descriptor is freed.
      return {
        bytes,
        close: () =>
          bytes
            .return(undefined)
            .then(() => handle.close())
            .catch(() => {}),
      };
    },
  });
  return file;
}

/** What `uploadFromHandle` needs of a handle: an `OpenFile`, and its size (a FileHandle's `stat`) unless given. */
export type SizedOpenFile = OpenFile & { stat?: () => Promise<{ size: number | bigint }> };

/**
 * The first `size` bytes of `handle`, read by position from its start (a read stream, dropped
 * mid-way, would close the descriptor the next attempt reads): as many as declared
 * (content-length), never more; a file that got shorter fails the attempt, said with its name.
 */
async function* exactly(handle: OpenFile, size: number, changed: (why: string) => Error): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < size; ) {
    // A fresh buffer each time: the request body keeps the chunks it was given.
    const chunk = new Uint8Array(Math.min(CHUNK, size - at));
    const { bytesRead } = await handle.read(chunk, 0, chunk.length, at);
    if (!bytesRead) throw changed(`${size} bytes when it was opened, ${at} now`);
    at += bytesRead;
    yield chunk.subarray(0, bytesRead);
  }
}

/**
 * Uploads an open file from its start, read through `handle` (a file checked through that handle
 * is the file sent: no path is read again), then closes it. The upload declares its size
 * (content-length: `opts.size`, else the handle's `stat`), and each attempt reads the handle again
 * from its start, so the client's retry policy sends it again after a 503 or 429, as it does bytes.
 */
export async function uploadFromHandle(
  monet: Monet,
  handle: SizedOpenFile,
  opts: { filename: string; contentType: string; signal?: AbortSignal; size?: number },
): Promise<UploadedFile> {
  try {
    const { size: given, ...rest } = opts;
    const size = given ?? Number((await handle.stat?.())?.size ?? Number.NaN);
    const fail = (why: string) => new InputValidationError([{ path: "handle", message: `uploadFromHandle: ${why}: ${opts.filename}`, received: size }]);
    if (!Number.isSafeInteger(size) || size < 0) throw fail("no size (pass `size`, or a handle with `stat`)");
    const changed = (why: string) => fail(`the file changed while it was sent (${why})`);
    // Read as fileFromPath's Files are (upload-source.ts): a fresh read for each attempt, dropped
    // (its stream destroyed, the handle kept) before the next one starts or when the upload ends.
    const source = async (): Promise<SourceRead> => {
      const bytes = exactly(handle, size, changed);
      return {
        bytes,
        close: () =>
          bytes.return(undefined).then(
            () => {},
            () => {},
          ),
      };
    };
    const sized = { size, type: opts.contentType, name: opts.filename, [UPLOAD_SOURCE]: source };
    return await monet.files.upload(sized as unknown as Blob, rest);
  } finally {
    await handle.close().catch(() => {});
  }
}
export * from "./media-kind.js";
export { isInside, whereOpened } from "./opened-at.js";
export * from "./save-output.js";
/** The input as `tasks.create` checks it before uploading: each local file stands for the URL it will get. */
export { pending as asUploaded } from "./uploads.js";
