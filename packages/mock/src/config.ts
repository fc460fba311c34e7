// The mock's options with their defaults, checked once at start: a bad value throws naming the
// option and what is allowed, instead of a server that misbehaves later.
import { hostName } from "./control-guard.js";
import { operations } from "./generated/operations.gen.js";
import type { MockOptions } from "./options.js";
import { parseRate, type Rate } from "./rate-limit.js";

const MiB = 1024 * 1024;
/** A task request is a few hundred bytes: 1 MiB is generous, and bounds what one request can hold. */
export const MAX_JSON_BYTES = MiB;
/** How long a task takes when no taskDuration is given, in ms: the library's and the CLI's default. */
export const DEFAULT_TASK_DURATION = 3000;
/** How long an upload may send nothing before it is answered 408, in ms: long enough for a slow link, short enough that idle connections do not hold the upload budget. */
export const DEFAULT_UPLOAD_IDLE_TIMEOUT = 10_000;
/** A fault list or a reset body. */
export const MAX_CONTROL_BYTES = 64 * 1024;
/** How long an upload lives by default, in ms: the API's file lifetime (the spec's uploadFile x-monet-file-lifetime-ms). */
export const DEFAULT_FILE_LIFETIME: number = operations.uploadFile.extensions["x-monet-file-lifetime-ms"];
/** The largest upload by default, in bytes: the spec's (uploadFile x-monet-max-upload-bytes, assumed: the reference names none). */
export const DEFAULT_MAX_UPLOAD_BYTES: number = operations.uploadFile.extensions["x-monet-max-upload-bytes"];
/** All uploads together by default: room for two of the largest. */
export const DEFAULT_MAX_STORED_BYTES = 2 * DEFAULT_MAX_UPLOAD_BYTES;
/** A size in the help's words: whole MiB ("512MiB"), else bytes. */
export const inMiB = (bytes: number) => (bytes % MiB === 0 ? `${bytes / MiB}MiB` : `${bytes}B`);

export interface Config {
  taskDuration: number;
  fileLifetime: number;
  maxUploadBytes: number;
  maxStoredBytes: number;
  maxFiles: number;
  maxTasks: number;
  uploadIdleTimeout: number;
  rate?: Rate;
  controlHosts: string[];
  docsUrl: string;
  seed?: string;
  /** The time the clock stands at (ms since 1970), or undefined for the wall clock. */
  now?: number;
}

function positive(name: string, value: number | undefined, fallback: number, integer = true, zero = false): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0 || (value === 0 && !zero) || (integer && !Number.isInteger(value)))
    throw new TypeError(`${name} must be a ${zero ? "non-negative" : "positive"} ${integer ? "whole " : ""}number (got ${JSON.stringify(value)})`);
  return value;
}

export function resolveOptions(o: MockOptions): Config {
  const maxStoredBytes = positive("maxStoredBytes", o.maxStoredBytes, DEFAULT_MAX_STORED_BYTES);
  // One upload can never be larger than all uploads together.
  const maxUploadBytes = Math.min(positive("maxUploadBytes", o.maxUploadBytes, DEFAULT_MAX_UPLOAD_BYTES), maxStoredBytes);
  let rate: Rate | undefined;
  if (o.rateLimit !== undefined) {
    const r = typeof o.rateLimit === "object" ? o.rateLimit : { rate: o.rateLimit };
    try {
      rate = parseRate(r.rate, r.burst);
    } catch (e) {
      const message = (e as Error).message;
      throw new TypeError(message.startsWith("burst ") ? `rateLimit.burst ${message.slice(6)}` : `rateLimit ${message}`);
    }
  }
  const controlHosts = [...(o.allowedHosts ?? [])];
  for (const h of controlHosts)
    if (typeof h !== "string" || !hostName(h))
      throw new TypeError(`allowedHosts must hold host names such as "mock" or "mock:4020" (got ${JSON.stringify(h)})`);
  if (o.publicUrl) {
    try {
      controlHosts.push(new URL(o.publicUrl).host);
    } catch {
      throw new TypeError(`publicUrl must be an absolute URL such as http://localhost:4020 (got ${JSON.stringify(o.publicUrl)})`);
    }
  }
  const docsUrl = o.docsUrl ?? "http://127.0.0.1:4000";
  if (!/^https?:\/\/\S+$/i.test(docsUrl)) throw new TypeError(`docsUrl must be an http(s) URL (got ${JSON.stringify(docsUrl)})`);
  let seed: string | undefined;
  if (o.seed !== undefined) {
    if (!(typeof o.seed === "string" && o.seed.length > 0 && o.seed.length <= 200) && !(typeof o.seed === "number" && Number.isSafeInteger(o.seed)))
      throw new TypeError(`seed must be a text of 1 to 200 characters or a whole number (got ${JSON.stringify(o.seed)})`);
    seed = String(o.seed);
  }
  let now: number | undefined;
  if (o.now !== undefined) {
    // Only a full ISO date-time (or a date) in text: Date's own parser takes many forms that differ between engines.
    const text = typeof o.now === "string" && /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/.test(o.now);
    now = o.now instanceof Date ? o.now.getTime() : typeof o.now === "number" || text ? new Date(o.now as string | number).getTime() : Number.NaN;
    if (!Number.isFinite(now) || now < 0)
      throw new TypeError(
        `now must be a time: ISO 8601 such as 2026-01-01T00:00:00Z, a Date, or ms since 1970 (got ${JSON.stringify(o.now instanceof Date ? String(o.now) : o.now)})`,
      );
  }
  return {
    seed,
    now,
    taskDuration: positive("taskDuration", o.taskDuration, DEFAULT_TASK_DURATION, false, true),
    fileLifetime: positive("fileLifetime", o.fileLifetime, DEFAULT_FILE_LIFETIME, false),
    maxUploadBytes,
    maxStoredBytes,
    maxFiles: positive("maxFiles", o.maxFiles, 10_000),
    maxTasks: positive("maxTasks", o.maxTasks, 100_000),
    uploadIdleTimeout: positive("uploadIdleTimeout", o.uploadIdleTimeout, DEFAULT_UPLOAD_IDLE_TIMEOUT),
    rate,
    controlHosts,
    docsUrl,
  };
}
