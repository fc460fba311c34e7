// Saving an output file safely. The same contract as `saveOutput` of `@monet-ai/client/node`
// (once that lands, `runPipeline({ download: saveOutput })` or the default below switches with one
// line): https only (http only on loopback or an allowed origin, for the mock), every redirect
// checked the same way, the name sanitised with an extension from a fixed list of media types,
// the file confined to `dir` (no symlinked folder), a size cap, and no overwrite: bytes go to a
// temporary file that is linked into place only if nothing is there.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";

export interface SaveOptions {
  /** The folder to save into (created if missing). */
  dir: string;
  /** The file's name without extension; sanitised. */
  name: string;
  /** Refuse larger files (default 2 GiB). */
  maxBytes?: number;
  /** Origins whose plain-http URLs are allowed (the API's, for a local mock). */
  allowOrigins?: string[];
  signal?: AbortSignal;
  fetch?: typeof fetch;
}

export interface Saved {
  path: string;
  bytes: number;
  contentType: string;
}

export type Download = (url: string, opts: SaveOptions) => Promise<Saved>;

const EXT: Record<string, string> = {
  "image/png": "png",
  "image/jpeg": "jpg",
  "image/webp": "webp",
  "image/gif": "gif",
  "video/mp4": "mp4",
  "video/quicktime": "mov",
  "video/webm": "webm",
  "audio/mpeg": "mp3",
  "audio/wav": "wav",
  "audio/x-wav": "wav",
  "audio/mp4": "m4a",
};
const KNOWN = new Set(Object.values(EXT));
const MAX_REDIRECTS = 5;

const loopback = (host: string) => host === "localhost" || host === "[::1]" || /^127(\.\d{1,3}){3}$/.test(host);

/** Why `url` may not be fetched, or undefined when it may. */
export function refuseUrl(url: string, allowOrigins: string[] = []): string | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return `not a URL: ${url.slice(0, 80)}`;
  }
  if (u.protocol === "https:") return undefined;
  if (u.protocol === "http:" && (loopback(u.hostname) || allowOrigins.includes(u.origin))) return undefined;
  return `only https URLs are downloaded (got ${u.protocol}//${u.host})`;
}

/** `name` reduced to letters, digits, `.`, `_` and `-`, never starting with a dot. */
export const safeName = (name: string) => name.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^[.-]+/, "").slice(0, 100) || "output";

export const saveOutput: Download = async (url, opts) => {
  const doFetch = opts.fetch ?? globalThis.fetch;
  const maxBytes = opts.maxBytes ?? 2 * 1024 ** 3;
  let res: Response | undefined;
  let at = url;
  for (let hop = 0; ; hop++) {
    const why = refuseUrl(at, opts.allowOrigins);
    if (why) throw new Error(`refused to download: ${why}`);
    res = await doFetch(at, { redirect: "manual", signal: opts.signal });
    if (res.status < 300 || res.status >= 400) break;
    await res.body?.cancel();
    const loc = res.headers.get("location");
    if (!loc || hop >= MAX_REDIRECTS) throw new Error(`too many or empty redirects downloading ${url}`);
    at = new URL(loc, at).toString();
  }
  if (!res.ok || !res.body) throw new Error(`download failed: HTTP ${res.status} for ${url}`);
  const declared = Number(res.headers.get("content-length") ?? NaN);
  if (declared > maxBytes) {
    await res.body.cancel();
    throw new Error(`refused to download ${url}: ${declared} bytes is over the limit of ${maxBytes}`);
  }
  const contentType = (res.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  const fromPath = path.extname(new URL(at).pathname).slice(1).toLowerCase();
  const ext = EXT[contentType] ?? (KNOWN.has(fromPath) ? fromPath : "bin");

  fs.mkdirSync(opts.dir, { recursive: true });
  const dir = fs.realpathSync(opts.dir);
  if (!fs.lstatSync(opts.dir).isDirectory()) throw new Error(`refused to save into ${opts.dir}: it is a link, not a folder`);
  const final = path.join(dir, `${safeName(opts.name)}.${ext}`);
  const tmp = path.join(dir, `.${safeName(opts.name)}.${randomBytes(6).toString("hex")}.part`);
  let bytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      bytes += chunk.length;
      cb(bytes > maxBytes ? new Error(`refused to download ${url}: over the limit of ${maxBytes} bytes`) : null, chunk);
    },
  });
  try {
    await pipeline(Readable.fromWeb(res.body as never), counter, fs.createWriteStream(tmp, { flags: "wx" }));
    const fd = fs.openSync(tmp, "r");
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    // link fails if anything (a file, a symlink) is at the final name: nothing is overwritten.
    fs.linkSync(tmp, final);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EEXIST") throw new Error(`refused to overwrite ${final}`);
    throw e;
  } finally {
    fs.rmSync(tmp, { force: true });
  }
  return { path: final, bytes, contentType };
};
