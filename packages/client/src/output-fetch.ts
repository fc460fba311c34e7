// The rules for fetching a task's output, in every runtime: the URL, the redirects, the body and
// its media type all come from a server, so none of them may pick the host fetched, where a
// redirect leads, how big the body grows or which type it claims. `saveOutput` (Node), `outputs`
// (any runtime) and the AI SDK provider all fetch through here; which URLs pass is output-url.ts.

import { MonetError } from "@monet-ai/models/errors";
import { isBrowser } from "./browser.js";
import { checkOutputUrl, OutputError, refuseAs, shown } from "./output-url.js";

export { checkOutputUrl, isLocalHost, OutputError, shown } from "./output-url.js";

/** Default size cap of one output: 2 GiB (a long 4K video fits; a runaway body does not). */
export const DEFAULT_MAX_BYTES = 2 * 1024 ** 3;

/** The media types an output may have, with the extension a saved file gets; any other type is `application/octet-stream` (`.bin`). */
export const OUTPUT_EXTENSIONS: Readonly<Record<string, string>> = Object.freeze({
  "video/mp4": ".mp4",
  "video/webm": ".webm",
  "video/quicktime": ".mov",
  "image/png": ".png",
  "image/jpeg": ".jpg",
  "image/webp": ".webp",
  "image/gif": ".gif",
  "audio/mpeg": ".mp3",
  "audio/wav": ".wav",
  "audio/x-wav": ".wav",
  "audio/wave": ".wav",
  "audio/mp4": ".m4a",
  "audio/aac": ".aac",
  "audio/ogg": ".ogg",
  "audio/flac": ".flac",
});

/** What an output's type becomes when the server's is not on the list (text/html, image/svg+xml...). */
export const UNKNOWN_TYPE = "application/octet-stream";

const MAX_REDIRECTS = 5;

export interface FetchOutputOptions {
  /** Refuse bodies larger than this, declared or counted (default DEFAULT_MAX_BYTES). */
  maxBytes?: number;
  /**
   * The API's base URLs (`[monet.baseUrl]`): outputs on their origins are fetched, and loopback or
   * private hosts only when one of them is itself local (a mock). Default: MONET_BASE_URL, else the default API.
   */
  allowOrigins?: readonly string[];
  signal?: AbortSignal;
  fetch?: typeof fetch;
}

export const reason = (e: unknown) => String((e as { cause?: { message?: unknown } })?.cause?.message ?? (e as Error)?.message ?? e);

/** The response's media type without parameters, lowercased (`image/png`), as the server declared it. */
export const declaredType = (res: Response) => (res.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();

/** The declared media type if it is on the list (OUTPUT_EXTENSIONS), else `application/octet-stream`. */
export const allowedType = (res: Response) => {
  const type = declaredType(res);
  return Object.hasOwn(OUTPUT_EXTENSIONS, type) ? type : UNKNOWN_TYPE;
};

/** The size cap of a call, checked before anything is fetched. */
export function maxBytesOf(opts: FetchOutputOptions): number {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  if (!(Number.isSafeInteger(maxBytes) && maxBytes > 0)) throw new MonetError(`maxBytes must be a whole number of bytes above 0 (got ${maxBytes})`);
  return maxBytes;
}

/**
 * GETs an output URL with no credentials (no API key, no cookies: the URL may point anywhere).
 * Outside browsers redirects are followed by hand, each hop held to the same URL rules. Browsers
 * hide a redirect's target from scripts, so there the browser follows (it never leaves http(s))
 * and the final URL is checked before the body is read.
 */
export async function fetchOutput(url: string, opts: FetchOutputOptions, E: typeof OutputError = OutputError): Promise<Response> {
  const refuse = refuseAs(E);
  const doFetch = opts.fetch ?? globalThis.fetch;
  const follow = isBrowser();
  let current = checkOutputUrl(url, opts.allowOrigins, E);
  for (let hop = 0; ; hop++) {
    let res: Response;
    try {
      res = await doFetch(current.href, { redirect: follow ? "follow" : "manual", credentials: "omit", signal: opts.signal });
    } catch (e) {
      if (opts.signal?.aborted) throw e;
      throw refuse("download_failed", `could not download ${shown(current.href)}: ${reason(e)}`, e);
    }
    if (res.type === "opaqueredirect") throw refuse("download_failed", `could not download ${shown(current.href)}: a redirect this runtime hides`);
    if (follow && res.url && res.url !== current.href) {
      try {
        checkOutputUrl(res.url, opts.allowOrigins, E);
      } catch (e) {
        await res.body?.cancel().catch(() => {});
        throw refuse("unsafe_url", `redirect from ${shown(current.href)}: ${(e as Error).message}`);
      }
    }
    const location = res.headers.get("location");
    if (res.status < 300 || res.status > 399 || location === null) return res;
    await res.body?.cancel().catch(() => {});
    if (hop >= MAX_REDIRECTS) throw refuse("download_failed", `could not download ${shown(url)}: more than ${MAX_REDIRECTS} redirects`);
    const next = new URL(location, current).href;
    try {
      current = checkOutputUrl(next, opts.allowOrigins, E);
    } catch (e) {
      throw refuse("unsafe_url", `redirect from ${shown(current.href)}: ${(e as Error).message}`);
    }
  }
}

/** Refuses an error status, a missing body or a declared size over the cap; cancels the body when it does. */
export async function checkResponse(url: string, res: Response, maxBytes: number, E: typeof OutputError = OutputError): Promise<ReadableStream<Uint8Array>> {
  const refuse = refuseAs(E);
  if (!res.ok || !res.body) {
    await res.body?.cancel().catch(() => {});
    throw refuse("download_failed", `could not download ${shown(url)} (HTTP ${res.status})`);
  }
  const declared = Number(res.headers.get("content-length") ?? NaN);
  if (declared > maxBytes) {
    await res.body.cancel().catch(() => {});
    throw refuse("too_large", `refused ${shown(url)}: it declares ${declared} bytes, more than ${maxBytes} (raise maxBytes / --max-bytes)`);
  }
  return res.body;
}

/** The error for a body that grew past the cap while being read. */
export const tooLarge = (url: string, maxBytes: number, E: typeof OutputError = OutputError) =>
  refuseAs(E)("too_large", `stopped ${shown(url)}: more than ${maxBytes} bytes (raise maxBytes / --max-bytes)`);
