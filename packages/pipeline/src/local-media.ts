// A local file a step uploads (`images`, `videos`): an image, video or audio file by its name and
// its first bytes (the client's one rule, as for the CLI's and the MCP server's uploads), read
// only through a descriptor checked to be inside the pipeline's folder. Each use (a dry run's
// check, hashing it for keys, each upload attempt) opens it once and reads everything through that one handle: a
// folder on its path swapped for a link out after resolveInput's check reads nothing.
import { createHash } from "node:crypto";
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import fs, { type FileHandle } from "node:fs/promises";
import path from "node:path";
import { MEDIA_EXTENSIONS, type MediaKind, mediaKind, SNIFF_BYTES } from "@monet-ai/client/node";
import { NO_FOLLOW_READ } from "./no-follow-read.js";
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

const fileError = (file: LocalFile, why: string) => new Error(`input.${file.field}[${file.index}] is a local file that ${why}`);
/** `code` "local_file": the file itself is wrong (its name or its bytes), and a rerun fails the same way until it is fixed. */
const refusal = (file: LocalFile, why: string) => Object.assign(fileError(file, why), { code: "local_file" });
const changed = (file: LocalFile) =>
  fileError(file, `changed while it was being read (a folder or file on its path was replaced): ${JSON.stringify(file.given)}`);

/** The kind `file`'s name says, or the refusal of a name that is no media file. */
function kindOf(file: LocalFile): MediaKind {
  const kind = mediaKind(path.extname(file.path));
  if (!kind) throw refusal(file, mediaNameIssue(file.given, file.path) as string);
  return kind;
}

/**
 * Throws unless the open descriptor `fd` is `file` as a run may read it: a regular file inside
 * `base` whose first bytes are `kind`'s (the client's signatures, read from this descriptor).
 * Synchronous, so a dry run (which returns at once) checks exactly what a run checks.
 */
function checkOpened(fd: number, base: string, file: LocalFile, kind: MediaKind): void {
  if (!fstatSync(fd).isFile() || !openedInside(fd, [base], file.path)) throw changed(file);
  const head = new Uint8Array(SNIFF_BYTES);
  if (!kind.looks(head.subarray(0, readSync(fd, head, 0, SNIFF_BYTES, 0))))
    throw refusal(file, `does not look like ${kind.type} (its first bytes are not that format's signature): ${JSON.stringify(file.given)}`);
}

/** `file` opened and checked (inside `base`, a regular media file); the caller reads it through `handle` and closes it. */
export async function openMedia(base: string, file: LocalFile): Promise<{ handle: FileHandle; filename: string; contentType: string }> {
  const kind = kindOf(file);
  const handle = await fs.open(file.path, NO_FOLLOW_READ).catch(() => {
    throw changed(file);
  });
  try {
    checkOpened(handle.fd, base, file, kind);
    return { handle, filename: path.basename(file.path), contentType: kind.type };
  } catch (e) {
    await handle.close();
    throw e;
  }
}

/** `use` given a descriptor of `file` opened and checked as openMedia does, synchronously; closed after. */
function withOpenedSync<T>(base: string, file: LocalFile, use: (fd: number) => T): T {
  const kind = kindOf(file);
  let fd: number;
  try {
    fd = openSync(file.path, NO_FOLLOW_READ);
  } catch {
    throw changed(file);
  }
  try {
    checkOpened(fd, base, file, kind);
    return use(fd);
  } finally {
    closeSync(fd);
  }
}

/** Why a run would refuse to read `file` (see openMedia), or undefined: what a dry run reports, sending nothing. */
export function mediaIssue(base: string, file: LocalFile): string | undefined {
  try {
    withOpenedSync(base, file, () => {});
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

/** hashMedia, synchronous: how a dry run (which returns at once) names the file in keys. */
export function hashMediaSync(base: string, file: LocalFile): string {
  return withOpenedSync(base, file, (fd) => {
    const h = createHash("sha256");
    const chunk = new Uint8Array(1 << 16);
    for (let pos = 0; ; ) {
      const n = readSync(fd, chunk, 0, chunk.length, pos);
      if (n <= 0) break;
      h.update(chunk.subarray(0, n));
      pos += n;
    }
    return h.digest("hex");
  });
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
