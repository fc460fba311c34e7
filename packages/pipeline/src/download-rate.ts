// A minimum download rate: the client's stall guard gives up only when fewer than 16 KiB arrive in
// a minute, so a host sending 17 KiB a second held a run for the 35 hours a 2 GiB output takes. The
// rate is that same guard with a higher threshold: each window of `windowMs` must bring
// `minRate × windowMs` bytes (`stallTimeout` and `stallMinBytes`, passed to the download), so one
// guard counts the bytes, not two. A custom `download` is bounded when it honours them.
import { type OutputError, STALL_BYTES, STALL_TIMEOUT_MS } from "@monet-ai/client/node";
import type { Download } from "./download.js";

/** The default minimum rate of a download, in bytes a second: 64 KiB/s (a 2 GiB output within 9 hours). */
export const MIN_DOWNLOAD_RATE = 64 * 1024;

/** The window the minimum rate is measured over, in ms: the client's stall window. */
export const DOWNLOAD_RATE_WINDOW_MS = STALL_TIMEOUT_MS;

const size = (n: number) => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MiB` : `${Math.round(n / 1024)} KiB`);

/** The error of a download slower than the minimum: the host, what came, and the option that changes it. */
export class SlowDownloadError extends Error {
  readonly code = "too_slow";
  /** `got`: the bytes the window it gave up after brought, if the download said (the client's `receivedBytes`). */
  constructor(url: string, got: number | undefined, windowMs: number, minRate: number, cause?: unknown) {
    let host = "the output host";
    try {
      host = new URL(url).host;
    } catch {}
    super(
      `gave up on the download from ${host}: ${got === undefined ? "less" : size(got)} arrived in ${windowMs / 1000} s, under the minimum of ${size(minRate)}/s; for a slow host, lower minDownloadRate (--min-download-rate, in bytes a second; 0 leaves only the stall rule of ${size(STALL_BYTES)} each ${STALL_TIMEOUT_MS / 1000} s)`,
      { cause },
    );
  }
}

/**
 * `download`, given the stall rule that makes `minRate` (none with 0: the client's own stays), and
 * its `too_slow` turned into a SlowDownloadError, which names the host and the option.
 */
export function withMinRate(download: Download, minRate: number, windowMs: number): Download {
  if (!(minRate > 0)) return download;
  // A whole number of bytes, at least 1 (a rate under a byte a window still means "something").
  const stallMinBytes = Math.min(Number.MAX_SAFE_INTEGER, Math.max(1, Math.ceil((minRate * windowMs) / 1000)));
  return async (url, opts) => {
    try {
      return await download(url, { ...opts, stallTimeout: windowMs, stallMinBytes });
    } catch (e) {
      if ((e as OutputError)?.code !== "too_slow" || opts.signal?.aborted) throw e;
      const got = (e as OutputError).receivedBytes;
      throw new SlowDownloadError(url, typeof got === "number" ? got : undefined, windowMs, minRate, e);
    }
  };
}
