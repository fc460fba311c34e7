// The one place requests are made: URL, headers, per-request timeout, the caller's signal,
// retries with backoff, response parsing, typed errors and debug logging (never bodies or keys).
// Everything read from a response passes `redact`, so a server echoing the key cannot surface it.
import { readAnswer } from "./answer-size.js";
import { AbortError, APIConnectionError } from "./errors.js";
import { fetchMayCache } from "./fetch-cache.js";
import type { Logger } from "./log.js";
import { count, ms, TIMER_MAX_MS } from "./option-values.js";
import type { RetryPolicy } from "./retry.js";
import type { Redact } from "./secret.js";
import { isTaskAnswer } from "./task-answer.js";
import { timeLimit } from "./time-limit.js";

export interface RequestOptions {
  /** Abort the call (and its retries). */
  signal?: AbortSignal;
  /** Per-attempt timeout in ms (default: the client's, 60 s). */
  timeout?: number;
  /** Retries after the first attempt (default: the client's retry policy's, 2). */
  maxRetries?: number;
  headers?: Record<string, string>;
}

export interface Call {
  /** Any HTTP method the spec declares (the operations table says which). */
  method: string;
  /** With its query, if any (query.ts's withQuery). */
  path: string;
  /** A string is JSON, serialised once by the caller (what was checked is what is sent); FormData and streams as they are. */
  body?: unknown;
  accept?: string;
  /** Resolve with the raw Response once headers arrive (for streams), instead of parsed JSON. */
  raw?: boolean;
  /**
   * A stream body made anew for each attempt, instead of `body`, so the call is retried: a file
   * read through a descriptor opened and checked for that attempt (files.ts). What it throws (a
   * file that changed) ends the call as it is, before anything is sent; so does a MonetError its
   * stream throws while fetch reads it (the file changed as it was sent).
   */
  fresh?: () => Promise<ReadableStream<Uint8Array>>;
  /** An upload: its attempts' default timeout covers sending a large file (UPLOAD_TIMEOUT_MS). */
  upload?: boolean;
  /**
   * An upload's (files.ts): whether the attempt's whole body was handed to the connection. Such
   * an attempt whose connection then failed may have been stored, and uploads carry no
   * idempotency key: it is not sent again (upload-resend.ts, read by failed-attempt.ts).
   */
  handedWhole?: () => boolean;
  /**
   * create's and get's: the answer must be a task (task-answer.ts), the one asked for (get's id),
   * or one whose id a GET takes (create's, `""`). Any other success takes the failure path.
   */
  task?: string;
}

/** Each attempt's default timeout, unless the call or the client sets one. */
export const TIMEOUT_MS = 60_000;
/** An upload's: sending 100 MB of video at 13 Mbit/s takes a minute, and the timeout counts it. */
export const UPLOAD_TIMEOUT_MS = 10 * 60_000;

export interface TransportConfig {
  /** Checked, without a trailing slash: each call's path is appended. */
  baseUrl: string;
  fetch: typeof fetch;
  /** Each attempt's, when the client set one (else the call's default). */
  timeout?: number;
  /** Which failures are retried, how often and after how long. */
  retry: RetryPolicy;
  defaultHeaders: Record<string, string>;
  /** fetch's `credentials` for every call (cookies to a proxy on another origin), when set. */
  credentials?: RequestCredentials;
  logger?: Logger;
  /** The Authorization header, or none (proxy mode). Kept in a closure, never stored. */
  auth: () => { authorization?: string };
  /** Takes the key out of a string. */
  redact: Redact;
}

/** A successful answer: the parsed body, the response it came in (status, headers) and its request id (key removed). */
export interface Answer<T> {
  data: T;
  response: Response;
  requestId: string | undefined;
}

const TIMEOUT = Symbol("timeout");

export class Transport {
  /** Read-only: request.ts reads the client's timeout for a stream's silence. (The client keeps the transport private.) */
  declare readonly cfg: TransportConfig; // set in the constructor only: no class field (bytes of the start bundle)
  constructor(cfg: TransportConfig) {
    this.cfg = cfg;
  }

  /** The client's retry policy, with a call's own `maxRetries` when it gives one. */
  policy(opts: { maxRetries?: number } = {}): RetryPolicy {
    const maxRetries = count("maxRetries", opts.maxRetries);
    return maxRetries === undefined ? this.cfg.retry : { ...this.cfg.retry, maxRetries };
  }

  /** Sends the call (with its retries) and resolves with the body and the response. */
  async send<T>(call: Call, opts: RequestOptions = {}): Promise<Answer<T>> {
    const { cfg } = this;
    // Checked before anything is sent; failed-attempt.ts reads it again on a failure.
    this.policy(opts);
    const timeout = ms("timeout", opts.timeout) ?? cfg.timeout ?? (call.upload ? UPLOAD_TIMEOUT_MS : TIMEOUT_MS);
    // A string for fetch to parse once (a URL object would be parsed here and again in fetch).
    // (callOf encoded the path's arguments, withQuery its query; baseUrl was checked.)
    const url = cfg.baseUrl + call.path;
    const headers: Record<string, string> = { accept: call.accept ?? "application/json", ...cfg.auth() };
    // Names are case-insensitive: a user's `Authorization` (a proxy's own token) or `Accept`
    // replaces ours, and a call's replaces the client's; fetch would join them ("Bearer a, Bearer b").
    for (const [k, v] of Object.entries({ ...cfg.defaultHeaders, ...opts.headers })) headers[k.toLowerCase()] = v;
    if (typeof call.body === "string") headers["content-type"] = "application/json";

    for (let attempt = 0; ; attempt++) {
      if (opts.signal?.aborted) throw new AbortError("Aborted", { cause: opts.signal.reason });
      const limit = timeLimit(opts.signal, timeout, TIMEOUT);
      const started = Date.now();
      let res: Response | undefined;
      let text = "";
      let thrown: [unknown] | undefined;
      try {
        const init: RequestInit & { duplex?: "half" } = {
          method: call.method,
          headers,
          body: (call.fresh ? await call.fresh() : call.body) as BodyInit | undefined,
          // No time limit and no caller's signal: no signal at all, as following one is most of
          // what a limit costs fetch per call. A caller's signal is never handed to fetch itself:
          // fetch ties listeners to it that only garbage collection removes, which pile up on a
          // signal that lives as long as the app; the limit's own signal dies with the attempt.
          signal: timeout > TIMER_MAX_MS && !opts.signal ? undefined : limit.signal,
          credentials: cfg.credentials,
          // A redirect is the API's error, not followed (failed-attempt.ts says why).
          redirect: "manual",
        };
        // Only where a cache could freeze a poll loop (fetch-cache.ts says where).
        if (call.method === "GET" && fetchMayCache()) init.cache = "no-store";
        // An upload's body may be a stream, which needs it; other calls go the faster way without.
        if (call.upload) init.duplex = "half";
        res = await cfg.fetch(url, init);
        this.log(call, res.status, started, attempt);
        if (res.ok) {
          let data: unknown = res;
          if (call.raw) {
            // The stream owns the connection from here; its reader handles idleness.
            limit.stopClock();
            Object.assign(res, { release: limit.end });
          } else {
            text = await readAnswer(res);
            // No content (204, or a body the spec does not describe as JSON) is not an error. A
            // body that is not JSON (an SPA's page for a GET where no proxy is mounted, say) is: its
            // SyntaxError takes the failure path, whose error loads off the start path.
            data = res.status === 204 || (!text && call.accept === "*/*") ? undefined : this.parse(text, true);
            // (The call itself is thrown: failed-attempt.ts knows it by that, in no bytes of a name here.)
            if (call.task != null && !isTaskAnswer(data, call.task)) throw call;
            limit.end();
          }
          return { data: data as T, response: res, requestId: this.requestId(res) };
        }
        text = await readAnswer(res).catch(() => "");
      } catch (e) {
        thrown = [e];
      }
      limit.end();
      // Only a failure gets here: the error it becomes and the retry decision load on the first one.
      // If they cannot (offline, a chunk gone after a deploy), the call still ends typed, not retried.
      // The load is bounded as an attempt is: the caller's abort ends it at once, and so does the
      // timeout, so a chunk that loads slowly or never cannot hold the call.
      const load = timeLimit(opts.signal, timeout, `failed-attempt.js did not load in ${timeout} ms`);
      const { failedAttempt } = await new Promise<typeof import("./failed-attempt.js")>((resolve, reject) => {
        load.signal.onabort = () => reject(load.signal.reason);
        // Aborted already (during the attempt): the caller's signal fires no more.
        if (opts.signal?.aborted) reject();
        import("./failed-attempt.js").then(resolve, reject);
      })
        .finally(load.end)
        .catch((cause) => {
          throw opts.signal?.aborted ? new AbortError("Aborted", { cause: opts.signal.reason }) : new APIConnectionError(`${cause}`, { cause });
        });
      await failedAttempt(this, {
        call,
        attempt,
        started,
        thrown,
        res,
        text,
        limit,
        timeout,
        opts,
      });
    }
  }

  /**
   * A JSON body with the key taken out of every string in it (however the server escaped it); a
   * text that is not JSON comes back as itself, key taken out, or, when `strict`, throws.
   */
  parse(text: string, strict?: boolean): unknown {
    const { redact } = this.cfg;
    try {
      const data = JSON.parse(text);
      // Without escapes, the text spells every string as it is: no key in it, none in the data.
      // Otherwise re-serialised, every string spells the key the same way, however it was escaped.
      return !text.includes("\\") && redact(text) === text ? data : JSON.parse(redact(JSON.stringify(data)));
    } catch (e) {
      if (strict) throw e;
      return redact(text);
    }
  }

  /** The answer's X-Request-Id, with the key taken out. */
  requestId(res: Response): string | undefined {
    const id = res.headers.get("x-request-id");
    if (id != null) return this.cfg.redact(id);
  }

  /** One debug line per attempt: method, path, status, time (never a body or a header). */
  log(call: Call, status: number, started: number, attempt: number, error?: string) {
    this.cfg.logger?.debug(
      `${call.method} ${call.path} ${status || "failed"} ${Date.now() - started}ms${attempt ? ` (retry ${attempt})` : ""}${error ? `: ${error}` : ""}`,
    );
  }
}
