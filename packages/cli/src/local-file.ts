// Local files named on the command line (uploads, --images, --input): a missing one is named as
// the user typed it, before anything is sent. A file to upload must be an image, video or audio
// file, by its extension and its first bytes (the same rule as the MCP server's upload_file, from
// @monet-ai/client/node), so a key file or /etc/passwd named as media is refused, not sent;
// --any-file is the explicit way to send another file.
// Each file is opened once: its type, its first bytes and the bytes uploaded all come from that
// one handle, so a file swapped (or a symlink planted) after the check is never what is sent.
import { constants } from "node:fs";
import fs, { type FileHandle } from "node:fs/promises";
import path from "node:path";
import type { Monet, UploadedFile } from "@monet-ai/client";
import { handleLooksLike, MEDIA_EXTENSIONS, mediaKind, uploadFromHandle, whereOpened } from "@monet-ai/client/node";
import { CODE } from "./error-codes.js";
import { UsageError } from "./errors.js";
import { warnLine } from "./events.js";
import { confine, confineOpened } from "./roots.js";

export interface LocalFileOptions {
  /** Send a file that is not a known media file (--any-file). */
  anyFile?: boolean;
  /** The flag or argument that named the file (`--images`), as `field` of a refusal. */
  field?: string;
}

const OVERRIDE = "pass --any-file to send it anyway";

/** A regular file, open and checked: everything read of it goes through `handle`, never the path again. */
export class LocalFile {
  constructor(
    /** The path as the user typed it (for messages). */
    readonly given: string,
    private readonly handle: FileHandle,
    readonly contentType: string,
  ) {}

  get name(): string {
    return path.basename(this.given);
  }

  /** Uploads the checked bytes, streamed from the open handle, then closes it. */
  upload(monet: Monet, signal?: AbortSignal): Promise<UploadedFile> {
    return uploadFromHandle(monet, this.handle, { filename: this.name, contentType: this.contentType, signal });
  }

  /** The whole file as a File, read from the open handle (for a multipart form, `monet api`), then closed. */
  async file(): Promise<File> {
    try {
      const bytes = new Uint8Array(await this.handle.readFile());
      return new File([bytes], this.name, { type: this.contentType });
    } finally {
      await this.close();
    }
  }

  close(): Promise<void> {
    return this.handle.close().catch(() => {});
  }
}

/**
 * `p` opened for reading (without blocking, so a FIFO cannot hang it) and known to be a regular
 * file by the handle's own fstat; else a UsageError naming the file as typed.
 */
async function openRegular(p: string, field?: string): Promise<{ handle: FileHandle; size: number }> {
  // Outside MONET_CLI_ROOTS: refused by path before it is opened (no probing there), then by
  // where the opened descriptor really is.
  confine(p, field ?? "file");
  let handle: FileHandle;
  try {
    handle = await fs.open(p, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(code === "ENOENT" || code === "ENOTDIR" ? `no such file: ${p}` : `cannot read ${p} (${code})`, {
      hint: false,
      code: CODE.invalidFile,
      field,
    });
  }
  try {
    confineOpened(whereOpened(handle.fd, p), p, field ?? "file");
  } catch (e) {
    await handle.close();
    throw e;
  }
  const st = await handle.stat();
  if (!st.isFile()) {
    await handle.close();
    throw new UsageError(`not a file: ${p}`, { hint: false, code: CODE.invalidFile, field });
  }
  return { handle, size: st.size };
}

/** Refuses a file that is not an image, video or audio file by its extension and first bytes (read from `handle`). */
async function checkMedia(p: string, handle: FileHandle, field?: string) {
  const kind = mediaKind(path.extname(p));
  if (!kind)
    throw new UsageError(`${p} is not an image, video or audio file: only ${MEDIA_EXTENSIONS.join(", ")} are uploaded (${OVERRIDE}). Nothing was sent.`, {
      hint: false,
      code: CODE.invalidFile,
      field,
    });
  if (!(await handleLooksLike(handle, kind)))
    throw new UsageError(`${p} does not look like ${kind.type}: its first bytes are not that format's signature (${OVERRIDE}). Nothing was sent.`, {
      hint: false,
      code: CODE.invalidFile,
      field,
    });
}

/** A local file to upload, opened once and checked: a media file, unless `anyFile`. */
export async function localFile(p: string, opts: LocalFileOptions = {}): Promise<LocalFile> {
  const { handle } = await openRegular(p, opts.field);
  try {
    if (!opts.anyFile) await checkMedia(p, handle, opts.field);
  } catch (e) {
    await handle.close();
    throw e;
  }
  return new LocalFile(p, handle, mediaKind(path.extname(p))?.type ?? "application/octet-stream");
}

/** A file's text, or stdin's for "-", at most `max` bytes. */
export async function readText(p: string, max: number, field?: string): Promise<string> {
  if (p !== "-") {
    const { handle, size } = await openRegular(p, field);
    try {
      if (size > max) throw new UsageError(`${p} is larger than ${max} bytes`, { hint: false, code: CODE.invalidFile, field });
      return await handle.readFile("utf8");
    } finally {
      await handle.close();
    }
  }
  // A terminal on stdin: the command waits for typing, which looks like a hang unless it says so.
  if (process.stdin.isTTY) warnLine(`reading ${field ?? "the input"} from the terminal: type or paste it, then Ctrl-D on a line of its own (or pipe it in)`);
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > max) throw new UsageError(`stdin holds more than ${max} bytes`, { hint: false, code: CODE.invalidFile, field });
    parts.push(chunk);
  }
  return Buffer.concat(parts).toString("utf8");
}
