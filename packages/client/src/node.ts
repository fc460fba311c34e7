// @monet-ai/client/node: Node-only helpers.
import { constants, openAsBlob } from "node:fs";
import { type FileHandle, open } from "node:fs/promises";
import { basename, extname } from "node:path";
import { InputValidationError } from "@monet-ai/models/errors";
import type { UploadedFile } from "@monet-ai/models/spec";
import type { Monet } from "./client.js";
import { mediaKind, type OpenFile } from "./media-kind.js";
import { UPLOAD_SOURCE } from "./upload-source.js";

/** An open file's bytes from its start, the handle left open (each upload reads it again from 0). */
const fromStart = (handle: OpenFile) => handle.createReadStream({ start: 0, autoClose: false });

/** fileFromPath's handles: each is closed once its File is collected (a File may be uploaded more than once). */
const closeWithFile = new FinalizationRegistry<FileHandle>((handle) => void handle.close().catch(() => {}));

/**
 * A File for a path on disk, read lazily as it is sent (never loaded whole into memory):
 * `monet.files.upload(await fileFromPath("clip.mp4"))`, or put it straight into `images`/`videos`.
 * The file is opened here, and the client's uploads read it through that handle: a file swapped
 * at the path later is not what is sent, and one changed in place (size or modification time) is
 * refused, naming the path, before anything is sent.
 */
export async function fileFromPath(path: string, opts: { contentType?: string; filename?: string } = {}): Promise<File> {
  const type = opts.contentType ?? mediaKind(extname(path))?.type ?? "application/octet-stream";
  // Said with the path: Node's own "Unable to open file as blob" names neither the file nor why.
  const fail = (why: string) => new InputValidationError([{ path: "path", message: `fileFromPath: ${why}: ${path}`, received: path }]);
  // Opened without blocking, so a FIFO cannot hang it; a regular file by the handle's own fstat.
  const handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0)).catch((e: NodeJS.ErrnoException) => {
    throw fail(e.code === "ENOENT" || e.code === "ENOTDIR" ? "no such file" : (e.code ?? "unreadable"));
  });
  const opened = await handle.stat({ bigint: true });
  if (!opened.isFile()) {
    await handle.close();
    throw fail("not a file");
  }
  // The File's own bytes (for code other than the client's uploads) are Node's lazy read of the path.
  const file = new File([await openAsBlob(path, { type })], opts.filename ?? basename(path), { type });
  Object.defineProperty(file, UPLOAD_SOURCE, {
    value: async () => {
      const now = await handle.stat({ bigint: true });
      if (now.size !== opened.size || now.mtimeNs !== opened.mtimeNs)
        throw fail(
          `the file changed after fileFromPath opened it (${now.size === opened.size ? "modified" : `${opened.size} bytes then, ${now.size} now`}); call fileFromPath again to send it as it is now`,
        );
      return fromStart(handle);
    },
  });
  closeWithFile.register(file, handle);
  return file;
}

/**
 * Uploads an open file from its start, streamed from `handle` (a file checked through that handle
 * is the file sent: no path is read again), then closes it.
 */
export async function uploadFromHandle(
  monet: Monet,
  handle: OpenFile,
  opts: { filename: string; contentType: string; signal?: AbortSignal },
): Promise<UploadedFile> {
  try {
    return await monet.files.upload(fromStart(handle), opts);
  } finally {
    await handle.close().catch(() => {});
  }
}
export * from "./media-kind.js";
export * from "./save-output.js";
/** The input as `tasks.create` checks it before uploading: each local file stands for the URL it will get. */
export { pending as asUploaded } from "./uploads.js";
