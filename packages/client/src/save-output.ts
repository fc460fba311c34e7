// Saving a task's outputs to a folder (Node). The URL, the body and the task id all come from a
// server, so none of them may pick where a file lands, what it is called, how big it grows, or
// which host is fetched. The fetching rules live in output-fetch.ts and output-url.ts (shared with
// `outputs`, for any runtime), the file rules here, once; the CLI and other helpers call this.
import fs, { constants as C, promises as fsp } from "node:fs";
import type { FileHandle } from "node:fs/promises";
import path from "node:path";
import { MonetError } from "@monet-ai/models/errors";
import type { Task } from "@monet-ai/models/spec";
import { isInside, whereOpened } from "./opened-at.js";
import {
  allowedType,
  checkOutputCount,
  checkResponse,
  checkOutputUrl as checkUrl,
  declaredType,
  type FetchOutputOptions,
  fetchOutput,
  maxBytesOf,
  OUTPUT_EXTENSIONS,
  OutputError,
  reason,
  shown,
  tooLarge,
} from "./output-fetch.js";
import { refuse as refuseOption } from "./refuse.js";

export {
  DEFAULT_MAX_BYTES,
  type FetchOutputOptions,
  MAX_OUTPUTS,
  OUTPUT_EXTENSIONS,
  OutputError,
  STALL_BYTES,
  STALL_TIMEOUT_MS,
} from "./output-fetch.js";

const FALLBACK_EXTENSION = ".bin";
const MAX_NAME = 100;

export interface SaveOutputOptions extends FetchOutputOptions {
  /** The folder to write into (created if missing). Nothing is written outside it. */
  dir: string;
  /** The file's base name; sanitised, and given an extension from the response's media type. */
  name: string;
  /** Replace an existing file of that name (never through a symlink); default false. */
  overwrite?: boolean;
  /**
   * The real folder the file must land in (default: the real path of `dir` when the save starts).
   * The temporary file is checked where it really is once opened (Linux: /proc/self/fd), before
   * anything is written to it: a folder on the path swapped for a link meanwhile fails the save
   * (`download_failed`, naming the folder) and leaves nothing there.
   */
  within?: string;
}

export interface SavedOutput {
  /** Absolute path of the file written. */
  path: string;
  bytes: number;
  /** The response's media type, without parameters (`image/png`), if it is on the allowed list (OUTPUT_EXTENSIONS), else `application/octet-stream` (saved as `.bin`), as `outputs()` gives it. */
  contentType: string;
  /** The media type the server declared, as it said it (`text/html`): for messages about a wrong output, never to serve the file by. */
  declaredType?: string;
}

/** Why an output was not saved: `code` is `unsafe_url`, `too_large`, `too_many`, `too_slow`, `file_exists` or `download_failed`. */
export class SaveOutputError extends OutputError {
  /** With `file_exists`: the file in the way, for a caller that names it in its own words (the pipeline). */
  declare readonly path?: string;
}
SaveOutputError.prototype.name = "SaveOutputError";

const refuse = (code: string, message: string, cause?: unknown) => new SaveOutputError(message, { code, cause });

/** A file name part made only of [A-Za-z0-9._-]: no separators, no leading dot, no `..`, bounded. */
export function safeFileName(name: string): string {
  const clean = (s: string) => s.replace(/^[._-]+|[._-]+$/g, "");
  let s = clean(
    String(name)
      .replace(/[^A-Za-z0-9._-]+/g, "_")
      .replace(/\.{2,}/g, "."),
  );
  s = clean(s.slice(0, MAX_NAME));
  // Windows device names stay reserved with any extension.
  if (/^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i.test(s)) s = `_${s}`;
  return s || "output";
}

/** The extension for a response media type, from the fixed allowlist (never from the URL). */
export function extensionFor(contentType: string): string {
  return Object.hasOwn(OUTPUT_EXTENSIONS, contentType) ? OUTPUT_EXTENSIONS[contentType] : FALLBACK_EXTENSION;
}

/** Throws `SaveOutputError` unless the output-URL rule (output-url.ts) allows the URL. */
export const checkOutputUrl = (url: string, allowOrigins: readonly string[] = []): URL => checkUrl(url, allowOrigins, SaveOutputError);

/**
 * Downloads one output URL into `dir` as `<sanitised name><extension by media type>`. Writes a
 * temporary file (exclusive, never through a symlink) and links it into place, so an existing
 * file or a planted symlink is refused (or, with `overwrite`, replaced, never followed), and a
 * failed or oversized download leaves nothing behind.
 */
export async function saveOutput(url: string, opts: SaveOutputOptions): Promise<SavedOutput> {
  // Plain JavaScript can leave them out: a missing name was saved as `undefined.mp4`.
  for (const key of ["dir", "name"] as const)
    if (typeof opts?.[key] !== "string")
      throw refuseOption(key, key === "dir" ? "a string: the folder to write into" : "a string: the file's base name", opts?.[key]);
  const maxBytes = maxBytesOf(opts);
  const dir = path.resolve(opts.dir);
  // Resolved before the download: where the folder was when the save began.
  let within = opts.within ?? realFolder(dir);
  const res = await fetchOutput(url, opts, SaveOutputError);
  const body = await checkResponse(url, res, maxBytes, SaveOutputError);
  // The type outputs() gives the same answer (one rule): an unlisted one (text/html) is
  // application/octet-stream, as the `.bin` it is saved as says; an app serving the file by it
  // never serves the server's HTML.
  const contentType = allowedType(res);
  const said = declaredType(res);
  const file = path.join(dir, safeFileName(opts.name) + extensionFor(contentType));
  // The name has no separator, so this only fails if the rules above are broken: check anyway.
  if (path.dirname(file) !== dir) throw refuse("unsafe_url", `refused to write ${file} outside ${dir}`);
  const temp = path.join(dir, `.${path.basename(file)}.${globalThis.crypto.randomUUID().slice(0, 8)}.part`);
  let handle: FileHandle | undefined;
  let bytes = 0;
  try {
    // Refused early so a big body is not fetched for nothing; moveIntoPlace() is the check that counts.
    if (!opts.overwrite && (await exists(file))) throw existsError(file);
    await fsp.mkdir(dir, { recursive: true });
    within ??= realFolder(dir);
    handle = await fsp.open(temp, C.O_WRONLY | C.O_CREAT | C.O_EXCL | (C.O_NOFOLLOW ?? 0), 0o666);
    const where = whereOpened(handle.fd, temp);
    if (!where || !within || !isInside(within, where)) {
      // Nothing was written to it; the empty file goes from where it really is.
      await handle.close();
      handle = undefined;
      if (where) await fsp.rm(where, { force: true });
      throw refuse(
        "download_failed",
        `refused to save ${shown(url)} into ${dir}: the folder was swapped while the output was being saved (${where ? `a link to ${path.dirname(where)}` : "the file opened cannot be located"}, outside ${within ?? dir}); nothing was written there`,
      );
    }
    try {
      for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
        bytes += chunk.byteLength;
        if (bytes > maxBytes) throw tooLarge(url, maxBytes, SaveOutputError);
        await handle.write(chunk);
      }
    } finally {
      await handle.close();
    }
    await moveIntoPlace(temp, file, opts.overwrite === true);
  } catch (e) {
    await body.cancel().catch(() => {});
    if (handle) await fsp.rm(temp, { force: true });
    throw e instanceof MonetError || opts.signal?.aborted ? e : refuse("download_failed", `could not save ${shown(url)}: ${reason(e)}`, e);
  }
  return { path: file, bytes, contentType, declaredType: said };
}

/** The real path of `dir`, or undefined while it does not exist. */
function realFolder(dir: string): string | undefined {
  try {
    return fs.realpathSync(dir);
  } catch {
    return undefined;
  }
}

/** Whether anything is at `file`, a dangling symlink included. */
const exists = (file: string) =>
  fsp.lstat(file).then(
    () => true,
    () => false,
  );
const existsError = (file: string) =>
  Object.assign(refuse("file_exists", `${file} already exists (pass overwrite / --overwrite to replace it)`), { path: file });

/**
 * Moves a finished temp file to its name: link() never replaces (a file there is `file_exists`),
 * rename() (`overwrite`) replaces the entry itself, never a symlink's target.
 */
export async function moveIntoPlace(temp: string, file: string, overwrite = false) {
  if (overwrite) return fsp.rename(temp, file);
  try {
    await fsp.link(temp, file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "EEXIST") throw existsError(file);
    // File systems without hard links: a check, then a rename (a narrow race, never a followed link).
    if (code !== "EPERM" && code !== "ENOTSUP" && code !== "EOPNOTSUPP" && code !== "EXDEV") throw e;
    if (await exists(file)) throw existsError(file);
    return fsp.rename(temp, file);
  }
  await fsp.rm(temp, { force: true });
}

/**
 * Saves every output of a task that has a URL, named `<task id>` (or `<task id>-<n>` when there
 * are several), with the rules of `saveOutput`. Stops at the first failure.
 */
export async function saveOutputs(task: Pick<Task, "id" | "outputs">, opts: Omit<SaveOutputOptions, "name"> & { name?: string }): Promise<SavedOutput[]> {
  checkOutputCount(task, SaveOutputError);
  const outputs = task.outputs ?? [];
  const saved: SavedOutput[] = [];
  for (const [i, o] of outputs.entries()) {
    if (!o.url) continue;
    const base = opts.name ?? task.id;
    // The number survives the length cap: cut from a long id, it made every name the same.
    const n = `-${i}`;
    saved.push(await saveOutput(o.url, { ...opts, name: outputs.length > 1 ? safeFileName(base).slice(0, MAX_NAME - n.length) + n : base }));
  }
  return saved;
}
