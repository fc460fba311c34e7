// @monet-ai/client/node: Node-only helpers.
import { constants, openAsBlob } from "node:fs";
import { open, stat } from "node:fs/promises";
import { basename, extname } from "node:path";
import { InputValidationError } from "@monet-ai/models/errors";
import type { UploadedFile } from "@monet-ai/models/spec";
import type { Monet } from "./client.js";
import { mediaKind, type OpenFile } from "./media-kind.js";
import { UPLOAD_SOURCE } from "./upload-source.js";

/**
 * A File for a path on disk, read lazily as it is sent (never loaded whole into memory):
 * `monet.files.upload(await fileFromPath("clip.mp4"))`, or put it straight into `images`/`videos`.
 * The file is opened here and noted (device, inode, size, modification time); the client checks
 * before each upload that the path still names it, unchanged, and otherwise refuses it, naming the
 * path, before anything is sent.
 */
export async function fileFromPath(path: string, opts: { contentType?: string; filename?: string } = {}): Promise<File> {
  const type = opts.contentType ?? mediaKind(extname(path))?.type ?? "application/octet-stream";
  // Said with the path: Node's own "Unable to open file as blob" names neither the file nor why.
  const fail = (why: string) => new InputValidationError([{ path: "path", message: `fileFromPath: ${why}: ${path}`, received: path }]);
  // Opened without blocking, so a FIFO cannot hang it; a regular file by the handle's own fstat.
  // Closed at once: the File holds no descriptor (a server making many holds none open).
  const handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0)).catch((e: NodeJS.ErrnoException) => {
    throw fail(e.code === "ENOENT" || e.code === "ENOTDIR" ? "no such file" : (e.code ?? "unreadable"));
  });
  const opened = await handle.stat({ bigint: true }).finally(() => handle.close());
  if (!opened.isFile()) throw fail("not a file");
  // The File's own bytes (for code other than the client's uploads) are Node's lazy read of the path.
  const file = new File([await openAsBlob(path, { type })], opts.filename ?? basename(path), { type });
  Object.defineProperty(file, UPLOAD_SOURCE, {
    // Before each upload: the same file (device and inode) with the same size and modification
    // time, else refused; then a Blob of it, which every retry of the upload reads again.
    value: async () => {
      const now = await stat(path, { bigint: true }).catch(() => undefined);
      const why =
        !now || now.dev !== opened.dev || now.ino !== opened.ino
          ? "another file is at the path now"
          : now.size !== opened.size
            ? `${opened.size} bytes then, ${now.size} now`
            : now.mtimeNs !== opened.mtimeNs && "modified";
      if (why) throw fail(`the file changed after fileFromPath opened it (${why}); call fileFromPath again to send it as it is now`);
      return openAsBlob(path, { type });
    },
  });
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
    return await monet.files.upload(handle.createReadStream({ start: 0, autoClose: false }), opts);
  } finally {
    await handle.close().catch(() => {});
  }
}
export * from "./media-kind.js";
export * from "./save-output.js";
/** The input as `tasks.create` checks it before uploading: each local file stands for the URL it will get. */
export { pending as asUploaded } from "./uploads.js";
