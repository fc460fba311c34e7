// @monet-ai/client/node: Node-only helpers.
import { openAsBlob } from "node:fs";
import { basename, extname } from "node:path";

const TYPES: Record<string, string> = {
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".webp": "image/webp",
  ".gif": "image/gif",
  ".mp4": "video/mp4",
  ".mov": "video/quicktime",
  ".webm": "video/webm",
  ".mp3": "audio/mpeg",
  ".wav": "audio/wav",
  ".m4a": "audio/mp4",
};

/**
 * A File for a path on disk, read lazily as it is sent (never loaded whole into memory):
 * `monet.files.upload(await fileFromPath("clip.mp4"))`, or put it straight into `images`/`videos`.
 */
export async function fileFromPath(path: string, opts: { contentType?: string; filename?: string } = {}): Promise<File> {
  const type = opts.contentType ?? TYPES[extname(path).toLowerCase()] ?? "application/octet-stream";
  const blob = await openAsBlob(path, { type });
  return new File([blob], opts.filename ?? basename(path), { type });
}
export * from "./save-output.js";
