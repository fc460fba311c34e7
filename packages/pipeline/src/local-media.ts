// A local file a step uploads (`images`, `videos`): an image, video or audio file by its name and
// its first bytes (the client's one rule, as for the CLI's and the MCP server's uploads), read
// only through a descriptor checked to be inside the pipeline's folder. Each use (hashing it for
// keys, each upload attempt) opens it once and reads everything through that one handle: a
// folder on its path swapped for a link out after resolveInput's check reads nothing.
import { createHash } from "node:crypto";
import { constants } from "node:fs";
import fs, { type FileHandle } from "node:fs/promises";
import path from "node:path";
import { handleLooksLike, MEDIA_EXTENSIONS, mediaKind } from "@monet-ai/client/node";
import { openedInside } from "./paths.js";

/** A local file named in a step's input, found inside the pipeline's folder by resolveInput. */
export interface LocalFile {
  field: string;
  index: number;
  /** As written (relative to the pipeline file). */
  given: string;
  /** The real path, checked to be inside the pipeline's folder. */
  path: string;
}

/** Why `real` cannot be uploaded by its name alone (not a media file), or undefined. */
export function mediaNameIssue(given: string, real: string): string | undefined {
  if (mediaKind(path.extname(real))) return undefined;
  return `is not an image, video or audio file: only ${MEDIA_EXTENSIONS.join(", ")} are uploaded (got ${JSON.stringify(given)})`;
}

/** `file` opened and checked (inside `base`, a regular media file); the caller reads it through `handle` and closes it. */
export async function openMedia(base: string, file: LocalFile): Promise<{ handle: FileHandle; filename: string; contentType: string }> {
  const fail = (why: string) => new Error(`input.${file.field}[${file.index}] is a local file that ${why}`);
  const changed = fail(`changed while it was being read (a folder or file on its path was replaced): ${JSON.stringify(file.given)}`);
  const kind = mediaKind(path.extname(file.path));
  if (!kind) throw fail(mediaNameIssue(file.given, file.path) as string);
  // O_NOFOLLOW: no link swapped in as the last component; O_NONBLOCK: a raced-in FIFO cannot block.
  const handle = await fs.open(file.path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0)).catch(() => {
    throw changed;
  });
  try {
    const st = await handle.stat();
    if (!st.isFile() || !openedInside(handle.fd, [base], file.path)) throw changed;
    if (!(await handleLooksLike(handle, kind)))
      throw fail(`does not look like ${kind.type} (its first bytes are not that format's signature): ${JSON.stringify(file.given)}`);
    return { handle, filename: path.basename(file.path), contentType: kind.type };
  } catch (e) {
    await handle.close();
    throw e;
  }
}

/** The SHA-256 of `file`'s content, read through a checked handle (openMedia). */
export async function hashMedia(base: string, file: LocalFile): Promise<string> {
  const { handle } = await openMedia(base, file);
  try {
    const h = createHash("sha256");
    for await (const chunk of handle.createReadStream({ start: 0, autoClose: false })) h.update(chunk as Buffer);
    return h.digest("hex");
  } finally {
    await handle.close();
  }
}
