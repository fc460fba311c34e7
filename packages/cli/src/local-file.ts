// Local files named on the command line (uploads, --images, --input): a missing one is named as
// the user typed it, before anything is sent. A file to upload must be an image, video or audio
// file, by its extension and its first bytes (the same rule as the MCP server's upload_file, from
// @monet-ai/client/node), so a key file or /etc/passwd named as media is refused, not sent;
// --any-file is the explicit way to send another file.
import fs from "node:fs";
import path from "node:path";
import { fileFromPath, MEDIA_EXTENSIONS, mediaKind, SNIFF_BYTES } from "@monet-ai/client/node";
import { UsageError } from "./errors.js";

export interface LocalFileOptions {
  /** Send a file that is not a known media file (--any-file). */
  anyFile?: boolean;
}

function check(p: string) {
  let st: fs.Stats;
  try {
    st = fs.statSync(p);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(code === "ENOENT" || code === "ENOTDIR" ? `no such file: ${p}` : `cannot read ${p} (${code})`, { hint: false });
  }
  if (!st.isFile()) throw new UsageError(`not a file: ${p}`, { hint: false });
}

/** The first bytes of a regular file (opened without blocking, so a FIFO swapped in cannot hang). */
function head(p: string): Uint8Array {
  const fd = fs.openSync(p, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  try {
    const b = new Uint8Array(SNIFF_BYTES);
    return b.subarray(0, fs.readSync(fd, b, 0, SNIFF_BYTES, 0));
  } finally {
    fs.closeSync(fd);
  }
}

const OVERRIDE = "pass --any-file to send it anyway";

/** Refuses a file that is not an image, video or audio file by its extension and first bytes. */
function checkMedia(p: string) {
  const kind = mediaKind(path.extname(p));
  if (!kind)
    throw new UsageError(`${p} is not an image, video or audio file: only ${MEDIA_EXTENSIONS.join(", ")} are uploaded (${OVERRIDE}). Nothing was sent.`, {
      hint: false,
    });
  if (!kind.looks(head(p)))
    throw new UsageError(`${p} does not look like ${kind.type}: its first bytes are not that format's signature (${OVERRIDE}). Nothing was sent.`, {
      hint: false,
    });
}

/** A File streamed from disk, for uploads: a media file, unless `anyFile`. */
export async function localFile(p: string, opts: LocalFileOptions = {}): Promise<File> {
  check(p);
  if (!opts.anyFile) checkMedia(p);
  return fileFromPath(p);
}

/** A file's text, or stdin's for "-", at most `max` bytes. */
export async function readText(p: string, max: number): Promise<string> {
  if (p !== "-") {
    check(p);
    if (fs.statSync(p).size > max) throw new UsageError(`${p} is larger than ${max} bytes`, { hint: false });
    return fs.readFileSync(p, "utf8");
  }
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > max) throw new UsageError(`stdin holds more than ${max} bytes`, { hint: false });
    parts.push(chunk);
  }
  return Buffer.concat(parts).toString("utf8");
}
