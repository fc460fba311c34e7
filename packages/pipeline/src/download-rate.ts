// A minimum download rate: the client's stall guard gives up only when fewer than 16 KiB arrive in
// a minute, so a host sending 17 KiB a second held a run for the 35 hours a 2 GiB output takes. Each
// window of `windowMs` (the stall guard's, a minute) must bring `minRate` bytes a second on average.
// It counts what passes through the `fetch` handed to the downloader (saveOutput uses it; a custom
// `download` that fetches otherwise is not bounded here).
import { STALL_TIMEOUT_MS } from "@monet-ai/client/node";
import type { Download } from "./download.js";

/** The default minimum rate of a download, in bytes a second: 64 KiB/s (a 2 GiB output within 9 hours). */
export const MIN_DOWNLOAD_RATE = 64 * 1024;

/** The window the minimum rate is measured over, in ms: the client's stall window. */
export const DOWNLOAD_RATE_WINDOW_MS = STALL_TIMEOUT_MS;

const size = (n: number) => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MiB` : `${Math.round(n / 1024)} KiB`);

/** The error of a download slower than the minimum: the host, what came, and the option that changes it. */
export class SlowDownloadError extends Error {
  readonly code = "too_slow";
  constructor(url: string, got: number, windowMs: number, minRate: number) {
    let host = "the output host";
    try {
      host = new URL(url).host;
    } catch {}
    super(
      `gave up on the download from ${host}: ${size(got)} arrived in ${windowMs / 1000} s, under the minimum of ${size(minRate)}/s; for a slow host, lower minDownloadRate (--min-download-rate, in bytes a second; 0 for none)`,
    );
  }
}

/** `download`, given up with a SlowDownloadError (and its temporary file removed by it) when a window brings too little. */
export function withMinRate(download: Download, minRate: number, windowMs: number): Download {
  if (!(minRate > 0)) return download;
  return async (url, opts) => {
    const ctrl = new AbortController();
    const caller = opts.signal;
    const onAbort = () => ctrl.abort(caller?.reason);
    if (caller?.aborted) onAbort();
    else caller?.addEventListener("abort", onAbort);
    let bytes = 0;
    let checked = 0;
    const timer = setInterval(() => {
      if (bytes - checked < (minRate * windowMs) / 1000) ctrl.abort(new SlowDownloadError(url, bytes - checked, windowMs, minRate));
      checked = bytes;
    }, windowMs);
    const inner = opts.fetch ?? globalThis.fetch;
    const counted: typeof fetch = async (input, init) => {
      const res = await inner(input, init);
      if (!res.body) return res;
      const count = new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, c) {
          bytes += chunk.byteLength;
          c.enqueue(chunk);
        },
      });
      return new Response(res.body.pipeThrough(count), { status: res.status, statusText: res.statusText, headers: res.headers });
    };
    try {
      return await download(url, { ...opts, fetch: counted, signal: ctrl.signal });
    } catch (e) {
      throw ctrl.signal.aborted && !caller?.aborted ? ctrl.signal.reason : e;
    } finally {
      clearInterval(timer);
      caller?.removeEventListener("abort", onAbort);
    }
  };
}
