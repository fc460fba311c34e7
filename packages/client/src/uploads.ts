// Local media given directly in `images`/`videos` is uploaded first (a few at a time, with the
// caller's signal) and replaced by its URL, so `create` takes files as naturally as URLs.
import type { RequestOptions, Transport } from "./core.js";
import { uploadFile } from "./files.js";

const MEDIA = ["images", "videos"];
const CONCURRENCY = 3;

export const isLocal = (v: unknown) => v instanceof Blob || v instanceof Uint8Array || v instanceof ArrayBuffer;

/** The input with each local media item as a placeholder URL: what to check before uploading. */
export const pending = (input: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(input).map(([k, v]) => [k, Array.isArray(v) ? v.map((x) => (isLocal(x) ? "https://upload.invalid/" : x)) : v]));

export function hasLocalMedia(input: Record<string, unknown>) {
  return MEDIA.some((f) => Array.isArray(input[f]) && (input[f] as unknown[]).some(isLocal));
}

export async function uploadLocalMedia(transport: Transport, input: Record<string, unknown>, opts: RequestOptions): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = { ...input };
  const jobs: (() => Promise<void>)[] = [];
  for (const field of MEDIA) {
    const list = input[field];
    if (!Array.isArray(list)) continue;
    const copy = [...list];
    out[field] = copy;
    copy.forEach((v, i) => {
      if (!isLocal(v)) return;
      jobs.push(async () => {
        // The call's options (timeout, retries, headers, signal) are each upload's too.
        copy[i] = (await uploadFile(transport, v, { ...opts, filename: (v as File).name || `${field.slice(0, -1)}-${i}` })).data.url;
      });
    });
  }
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) await jobs[next++]();
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, jobs.length) }, worker));
  return out;
}
