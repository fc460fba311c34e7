// The one place requests are made: URL, headers, per-request timeout, the caller's signal,
// retries with backoff, response parsing, typed errors and debug logging (never bodies or keys).
// Everything read from a response passes `redact`, so a server echoing the key cannot surface it.
import { APIConnectionError, APIConnectionTimeoutError, APIError, AbortError, MonetError, errorFromResponse } from "./errors.js";
import { backoffMs, retryAfterSeconds, retryableStatus, sleep } from "./retry.js";
import type { Logger } from "./log.js";
import { cleanError, type Redact } from "./secret.js";

export interface RequestOptions {
  /** Abort the call (and its retries). */
  signal?: AbortSignal;
  /** Per-attempt timeout in ms (default: the client's, 60 s). */
  timeout?: number;
  /** Retries after the first attempt (default: the client's, 2). */
  maxRetries?: number;
  headers?: Record<string, string>;
}

export interface Call {
  method: "GET" | "POST";
  path: string;
  query?: Record<string, string | number | undefined>;
  /** A string is JSON, serialised once by the caller (what was checked is what is sent); FormData and streams as they are. */
  body?: unknown;
  accept?: string;
  /** Resolve with the raw Response once headers arrive (for streams), instead of parsed JSON. */
  raw?: boolean;
  /** false for bodies that cannot be sent twice (streams). */
  replayable?: boolean;
}

export interface TransportConfig {
  baseUrl: string;
  fetch: typeof fetch;
  timeout: number;
  maxRetries: number;
  defaultHeaders: Record<string, string>;
  logger?: Logger;
  /** Returns the Authorization value, or undefined (proxy mode). Kept in a closure, never stored. */
  auth: () => string | undefined;
  /** Takes the key out of a string. */
  redact: Redact;
}

const TIMEOUT = Symbol("timeout");
const aborted = (cause: unknown) => new AbortError("Aborted", { cause });

export class Transport {
  constructor(private readonly cfg: TransportConfig) {}

  url(path: string, query?: Call["query"]) {
    const u = new URL(this.cfg.baseUrl.replace(/\/+$/, "") + path);
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) u.searchParams.set(k, String(v));
    return u.toString();
  }

  async request<T>(call: Call, opts: RequestOptions = {}): Promise<T> {
    const { cfg } = this;
    const maxRetries = call.replayable === false ? 0 : (opts.maxRetries ?? cfg.maxRetries);
    const url = this.url(call.path, call.query);
    const json = typeof call.body == "string";
    const headers: Record<string, string> = { accept: call.accept ?? "application/json", ...cfg.defaultHeaders, ...opts.headers };
    if (json) headers["content-type"] = "application/json";
    const authorization = cfg.auth();
    if (authorization) headers.authorization = authorization;
    const body = call.body as BodyInit | undefined;

    for (let attempt = 0; ; attempt++) {
      if (opts.signal?.aborted) throw aborted(opts.signal.reason);
      const ctrl = new AbortController();
      const onAbort = () => ctrl.abort(opts.signal!.reason);
      opts.signal?.addEventListener("abort", onAbort, { once: true });
      const timer = setTimeout(() => ctrl.abort(TIMEOUT), opts.timeout ?? cfg.timeout);
      const cleanup = () => {
        clearTimeout(timer);
        opts.signal?.removeEventListener("abort", onAbort);
      };
      const started = Date.now();
      let retryAfter: number | undefined;
      try {
        const res = await cfg.fetch(url, {
          method: call.method,
          headers,
          body,
          signal: ctrl.signal,
          // Framework fetch caches (Next.js) must not freeze a poll loop.
          ...(call.method === "GET" ? { cache: "no-store" } : {}),
          // Needed for a stream body (uploads), harmless for the others.
          duplex: "half",
        } as RequestInit);
        this.log(call, res.status, started, attempt);
        if (res.ok) {
          if (call.raw) {
            // The stream owns the connection from here; its reader handles idleness.
            clearTimeout(timer);
            const release = () => opts.signal?.removeEventListener("abort", onAbort);
            return Object.assign(res, { release }) as T;
          }
          const text = await res.text();
          cleanup();
          return this.parse(text, res) as T;
        }
        const text = await res.text().catch(() => "");
        cleanup();
        retryAfter = retryAfterSeconds(res.headers);
        const failure = errorFromResponse(res.status, this.parse(text), this.requestId(res), retryAfter);
        if (!retryableStatus(res.status, res.headers) || attempt >= maxRetries) throw failure;
      } catch (e) {
        cleanup();
        // Typed errors were decided above (final statuses, bad bodies, retries used up).
        if (e instanceof MonetError) throw e;
        if (opts.signal?.aborted) throw aborted(opts.signal.reason);
        const cause = cleanError(e, cfg.redact);
        const failure =
          ctrl.signal.reason === TIMEOUT
            ? new APIConnectionTimeoutError(`No answer from ${call.method} ${call.path} within ${opts.timeout ?? cfg.timeout} ms`)
            : new APIConnectionError(`Connection failed: ${call.method} ${call.path}: ${cause.message}`, { cause });
        this.log(call, 0, started, attempt, failure.message);
        if (attempt >= maxRetries) throw failure;
      }
      const delay = backoffMs(attempt + 1, retryAfter);
      cfg.logger?.debug(`retrying ${call.method} ${call.path} in ${Math.round(delay)} ms (retry ${attempt + 1} of ${maxRetries})`);
      try {
        await sleep(delay, opts.signal);
      } catch (reason) {
        throw aborted(reason);
      }
    }
  }

  /**
   * A JSON body with the key taken out of every string in it (however the server escaped it),
   * or, from an error answer (`res` absent), the text itself. A success that is not JSON (an
   * empty body, a proxy's HTML page) is an APIError.
   */
  parse(text: string, res?: Response): unknown {
    const { redact } = this.cfg;
    try {
      // Re-serialised, every string spells the key the same way, however it was escaped.
      return JSON.parse(redact(JSON.stringify(JSON.parse(text))));
    } catch {
      text = redact(text);
      if (!res) return text;
      throw new APIError(`Expected JSON, got ${text ? text.slice(0, 60) : "an empty body"} (HTTP ${res.status})`, { status: res.status, requestId: this.requestId(res) });
    }
  }

  private requestId(res: Response) {
    const id = res.headers.get("x-request-id");
    return id == null ? undefined : this.cfg.redact(id);
  }

  private log(call: Call, status: number, started: number, attempt: number, error?: string) {
    this.cfg.logger?.debug(`${call.method} ${call.path} ${status || "failed"} ${Date.now() - started}ms${attempt ? ` (retry ${attempt})` : ""}${error ? `: ${error}` : ""}`);
  }
}

