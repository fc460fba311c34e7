// @monet-ai/client/node: Node-only helpers.
import { openAsBlob, promises } from "node:fs";
import { basename, extname } from "node:path";
import { InputValidationError } from "@monet-ai/models/errors";
import type { UploadedFile } from "@monet-ai/models/spec";
import type { Monet } from "./client.js";
import { mediaKind, type OpenFile } from "./media-kind.js";

/**
 * A File for a path on disk, read lazily as it is sent (never loaded whole into memory):
 * `monet.files.upload(await fileFromPath("clip.mp4"))`, or put it straight into `images`/`videos`.
 */
export async function fileFromPath(path: string, opts: { contentType?: string; filename?: string } = {}): Promise<File> {
  const type = opts.contentType ?? mediaKind(extname(path))?.type ?? "application/octet-stream";
  // Said with the path: Node's own "Unable to open file as blob" names neither the file nor why.
  const found = await promises.stat(path).catch((e: NodeJS.ErrnoException) => e.code ?? "unreadable");
  if (typeof found === "string" || !found.isFile()) {
    const why = found === "ENOENT" ? "no such file" : typeof found === "string" ? found : "not a file";
    throw new InputValidationError([{ path: "path", message: `fileFromPath: ${why}: ${path}`, received: path }]);
  }
  const blob = await openAsBlob(path, { type });
  return new File([blob], opts.filename ?? basename(path), { type });
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
