// The rules for fetching a task's output, in every runtime: the URL, the redirects, the body and
// its media type all come from a server, so none of them may pick the host fetched, where a
// redirect leads, how big the body grows or which type it claims. `saveOutput` (Node), `outputs`
// (any runtime) and the AI SDK provider all fetch through here; which URLs pass is output-url.ts.

import { MonetError } from "@monet-ai/models/errors";
import { isBrowser } from "./browser.js";
import { TIMER_MAX_MS } from "./option-values.js";
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

/**
 * The most outputs of one task anything here fetches or saves. No Monet model makes more than one
 * (none takes a count); a lying server listed 2,000, and each was fetched (up to its size cap).
 */
export const MAX_OUTPUTS = 8;

/** Refuses a task listing more than MAX_OUTPUTS output URLs (code `too_many`), before anything is fetched. */
export function checkOutputCount(task: { id?: string; outputs?: readonly { url?: string }[] | null }, E: typeof OutputError = OutputError): void {
  const n = Array.isArray(task.outputs) ? task.outputs.filter((o) => o?.url).length : 0;
  if (n > MAX_OUTPUTS)
    throw refuseAs(E)("too_many", `task ${task.id} lists ${n} outputs; no Monet model makes more than one, and at most ${MAX_OUTPUTS} are fetched`);
}

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
  /**
   * Give up (code `too_slow`) when fewer than `stallMinBytes` arrive in this many ms, from the
   * request on (default 60 000; Infinity for never): a file host that answers nothing, or a byte
   * now and then, would otherwise hold the download for ever.
   */
  stallTimeout?: number;
  /**
   * The fewest bytes each `stallTimeout` must bring (default STALL_BYTES, 16 KiB): a minimum
   * rate of `stallMinBytes / stallTimeout`. Raise it to give up on a host that sends, but too
   * slowly to finish in a useful time (the pipeline's minDownloadRate does).
   */
  stallMinBytes?: number;
}

/** The default `stallTimeout`: a minute. */
export const STALL_TIMEOUT_MS = 60_000;

/** The default `stallMinBytes`: what each `stallTimeout` must bring. */
export const STALL_BYTES = 16 * 1024;

export const reason = (e: unknown) => String((e as { cause?: { message?: unknown } })?.cause?.message ?? (e as Error)?.message ?? e);

/** The response's media type without parameters, lowercased (`image/png`), as the server declared it. */
export const declaredType = (res: Response) => (res.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();

/** The declared media type if it is on the list (OUTPUT_EXTENSIONS), else `application/octet-stream`. */
export const allowedType = (res: Response) => knownType(declaredType(res));

/** `type` (a media type without parameters, lowercased) if it is on the list (OUTPUT_EXTENSIONS), else `application/octet-stream`. */
export const knownType = (type: string) => (Object.hasOwn(OUTPUT_EXTENSIONS, type) ? type : UNKNOWN_TYPE);

/** The size cap of a call, checked before anything is fetched. */
export function maxBytesOf(opts: FetchOutputOptions): number {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  if (!(Number.isSafeInteger(maxBytes) && maxBytes > 0)) throw new MonetError(`maxBytes must be a whole number of bytes above 0 (got ${maxBytes})`);
  return maxBytes;
}

/**
 * The stall rule of a call, checked before anything is fetched: each `ms` must bring `bytes`.
 * `outputs()` checks it when the list is made, `fetchOutput` on every call.
 */
export function stallRuleOf(opts: FetchOutputOptions): { ms: number; bytes: number } {
  const ms = opts.stallTimeout ?? STALL_TIMEOUT_MS;
  if (!(ms > 0)) throw new MonetError(`stallTimeout must be a number of milliseconds above 0, or Infinity for never (got ${ms})`);
  const bytes = opts.stallMinBytes ?? STALL_BYTES;
  if (!(Number.isSafeInteger(bytes) && bytes > 0))
    throw new MonetError(`stallMinBytes must be a whole number of bytes above 0, the fewest each stallTimeout must bring (got ${bytes})`);
  return { ms, bytes };
}

/**
 * GETs an output URL with no credentials (no API key, no cookies: the URL may point anywhere).
 * Outside browsers redirects are followed by hand, each hop held to the same URL rules. Browsers
 * hide a redirect's target from scripts, so there the browser follows (it never leaves http(s))
 * and the final URL is checked before the body is read.
 */
export async function fetchOutput(url: string, opts: FetchOutputOptions, E: typeof OutputError = OutputError): Promise<Response> {
  const refuse = refuseAs(E);
  // Its own code: a host too slow to finish is not one that failed (a caller may wait and retry,
  // or accept a slower rate).
  const stall = stallGuard(opts, (got, { ms, bytes }) =>
    Object.assign(
      refuse("too_slow", `gave up on ${shown(url)}: ${got} bytes arrived in ${ms} ms, fewer than the ${bytes} each stallTimeout must bring (stallMinBytes)`),
      { receivedBytes: got },
    ),
  );
  try {
    return stall.watch(await lastHop(url, { ...opts, signal: stall.signal }, E));
  } catch (e) {
    stall.end();
    throw stall.signal.aborted && !opts.signal?.aborted ? stall.signal.reason : e;
  }
}

/**
 * The download's own signal, aborted (with `stalled(bytes that came)`) when fewer than
 * `stallMinBytes` arrive in a `stallTimeout`; `watch` counts the body's bytes and ends the watch
 * with the body.
 */
function stallGuard(opts: FetchOutputOptions, stalled: (got: number, rule: { ms: number; bytes: number }) => Error) {
  const rule = stallRuleOf(opts);
  const { ms } = rule;
  // Linked to the caller's signal by a listener that `end` removes, as time-limit.ts does:
  // `AbortSignal.any` leaves its composite on the caller's signal, which Node 20 never frees (a
  // signal that lives as long as the app grew by each download).
  const caller = opts.signal;
  const ctrl = new AbortController();
  const onAbort = () => ctrl.abort(caller?.reason);
  if (caller?.aborted) onAbort();
  else caller?.addEventListener("abort", onAbort);
  let bytes = 0;
  let checked = 0;
  const timer =
    ms <= TIMER_MAX_MS
      ? setInterval(() => {
          if (bytes - checked < rule.bytes) {
            ctrl.abort(stalled(bytes - checked, rule));
            // Given up: a body nobody reads is never pulled again, so its `end` would never come.
            end();
          }
          checked = bytes;
        }, ms)
      : undefined;
  // A body dropped unread never keeps a process alive (Node and Bun; a browser's timer is a number).
  (timer as { unref?(): void } | undefined)?.unref?.();
  const end = () => {
    clearInterval(timer);
    caller?.removeEventListener("abort", onAbort);
  };
  return {
    signal: ctrl.signal,
    end,
    /** The response with its body counted, the watch ending when the body ends, fails or is cancelled. */
    watch(res: Response): Response {
      if (!res.body) {
        end();
        return res;
      }
      const reader = res.body.getReader();
      const body = new ReadableStream<Uint8Array>(
        {
          async pull(c) {
            try {
              const r = await reader.read();
              if (r.done) {
                end();
                c.close();
              } else {
                bytes += r.value.byteLength;
                c.enqueue(r.value);
              }
            } catch (e) {
              end();
              throw ctrl.signal.aborted && !opts.signal?.aborted ? ctrl.signal.reason : e;
            }
          },
          cancel(reason) {
            end();
            return reader.cancel(reason);
          },
        },
        { highWaterMark: 0 },
      );
      return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
    },
  };
}

/** The response at the end of the redirects, each hop checked. */
async function lastHop(url: string, opts: FetchOutputOptions, E: typeof OutputError): Promise<Response> {
  const refuse = refuseAs(E);
  const doFetch = opts.fetch ?? globalThis.fetch;
  const follow = isBrowser();
  let current = checkOutputUrl(url, opts.allowOrigins, E);
  // A redirect's target comes from a header, which nothing strips of the API key (a server that
  // knows it can put it in the path or the host): messages name the task's URL, never a target.
  const from = shown(url);
  const target = "its redirect target";
  for (let hop = 0; ; hop++) {
    let res: Response;
    const at = hop ? `${from} (after ${hop} redirect${hop > 1 ? "s" : ""})` : from;
    try {
      res = await doFetch(current.href, { redirect: follow ? "follow" : "manual", credentials: "omit", signal: opts.signal });
    } catch (e) {
      if (opts.signal?.aborted) throw e;
      // A target's host can be in the reason (getaddrinfo ENOTFOUND <host>): named, not shown.
      const why = hop ? reason(e).replaceAll(current.hostname, "its host") : reason(e);
      throw refuse("download_failed", `could not download ${at}: ${why}`, hop ? undefined : e);
    }
    if (res.type === "opaqueredirect") throw refuse("download_failed", `could not download ${at}: a redirect this runtime hides`);
    if (follow && res.url && res.url !== current.href) {
      try {
        checkOutputUrl(res.url, opts.allowOrigins, E, target);
      } catch (e) {
        await res.body?.cancel().catch(() => {});
        throw refuse("unsafe_url", `redirect from ${from}: ${(e as Error).message}`);
      }
    }
    const location = res.headers.get("location");
    if (res.status < 300 || res.status > 399 || location === null) return res;
    await res.body?.cancel().catch(() => {});
    if (hop >= MAX_REDIRECTS) throw refuse("download_failed", `could not download ${from}: more than ${MAX_REDIRECTS} redirects`);
    let next: string;
    try {
      next = new URL(location, current).href;
    } catch {
      throw refuse("download_failed", `could not download ${at}: a redirect to no URL`);
    }
    try {
      current = checkOutputUrl(next, opts.allowOrigins, E, target);
    } catch (e) {
      throw refuse("unsafe_url", `redirect from ${at}: ${(e as Error).message}`);
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
    throw Object.assign(refuse("too_large", `refused ${shown(url)}: it declares ${declared} bytes, more than ${maxBytes} (raise maxBytes / --max-bytes)`), {
      declaredBytes: declared,
    });
  }
  return res.body;
}

/** The error for a body that grew past the cap while being read. */
export const tooLarge = (url: string, maxBytes: number, E: typeof OutputError = OutputError) =>
  refuseAs(E)("too_large", `stopped ${shown(url)}: more than ${maxBytes} bytes (raise maxBytes / --max-bytes)`);
