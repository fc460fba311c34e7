// The Monet client: configuration, the API key (kept out of every log, error and inspection),
// and the resources that mirror the API.

import type { UploadedFile } from "@monet-ai/models/spec";
import { type APIPromise, apiPromise } from "./api-promise.js";
import { baseUrlOf } from "./base-url.js";
import { isBrowser } from "./browser.js";
import { type RequestOptions, Transport } from "./core.js";
import { env } from "./env.js";
import { MonetError } from "./errors.js";
import type { UploadData, UploadOptions } from "./files.js";
import type { OperationId, OperationTypes } from "./generated/operations.gen.js";
import { type Logger, makeLogger } from "./log.js";
import { count, ms } from "./option-values.js";
import { type RetryPolicy, retryPolicy } from "./retry.js";
import { redactor } from "./secret.js";
import { Tasks } from "./tasks.js";

export interface ClientOptions {
  /** Default: the MONET_API_KEY environment variable. `null`: send none (behind a server proxy). */
  apiKey?: string | null;
  /**
   * Default: MONET_BASE_URL, else https://monet.vision. An absolute http(s) URL (a mock:
   * http://127.0.0.1:4020), or in a browser a path on the page's origin (a proxy: /api/monet).
   */
  baseUrl?: string;
  /** Retries of a failed request (connection errors, 408, 429, 5xx), default 2: shorthand for `retry.maxRetries`. */
  maxRetries?: number;
  /**
   * The retry policy of every HTTP call, `wait` and `stream`: `maxRetries`, `retryable(error)`,
   * `delay(retry, error)` (Retry-After first), `maxUnreachablePolls` (polls in a row with no
   * connection that end a wait, run or stream) and an `onRetry(info)` hook. Unset parts keep their defaults.
   */
  retry?: Partial<RetryPolicy>;
  /**
   * Timeout of each attempt of a request, sending included, in ms (default 60 000; 10 minutes for
   * uploads). `wait` and `stream` bound their whole run with `waitTimeout`.
   */
  timeout?: number;
  fetch?: typeof fetch;
  defaultHeaders?: Record<string, string>;
  /** Where debug lines go (default console.debug) once logging is on. */
  logger?: Logger;
  /** "debug" turns logging on (also MONET_LOG=debug). */
  logLevel?: "debug" | "off";
  /** Check inputs against the model catalog before sending (default true). */
  validateInputs?: boolean;
  /** Allow an API key in a browser, where any visitor can read it. Prefer a server proxy. */
  dangerouslyAllowBrowser?: boolean;
  /**
   * fetch's `credentials` for every request to the API (polls, streams and uploads too): "include"
   * sends the page's cookies to a proxy on another origin that allows them (`cors.credentials`),
   * for an `authorize` that reads a session. Default: fetch's ("same-origin").
   */
  credentials?: RequestCredentials;
}

export interface Files {
  /** Uploads a file (stored for the spec's file lifetime, `FILE_LIFETIME`) and returns its URL for task inputs. */
  upload(data: UploadData, opts?: UploadOptions): APIPromise<UploadedFile>;
}

/** What `request(operationId, ...)` takes: the operation's path, query and body arguments (optional when none is required). */
export type OperationParams<K extends OperationId> = OperationTypes[K]["params"];
/** What `request(operationId, ...)` resolves with: the operation's response body (events, for a stream). */
export type OperationResponse<K extends OperationId> = OperationTypes[K]["response"];
// biome-ignore lint/complexity/noBannedTypes: the empty object type: params whose fields are all optional may be left out.
type NoParams = {};
type RequestArgs<K extends OperationId> =
  NoParams extends OperationParams<K> ? [params?: OperationParams<K>, options?: RequestOptions] : [params: OperationParams<K>, options?: RequestOptions];

export class Monet {
  // Set in the constructor only: no class fields (bytes of the start bundle).
  declare readonly baseUrl: string;
  declare readonly tasks: Tasks;
  declare readonly files: Files;
  readonly #transport: Transport;

  constructor(options: ClientOptions = {}) {
    const apiKey = options.apiKey === undefined ? env("MONET_API_KEY") : options.apiKey;
    // Only a bearer token's characters (RFC 6750): a newline, NUL, space, control or non-ASCII
    // character would be mangled or quoted in a header (and so in an error). Never quoted here.
    // The mock is named always, not only for a loopback base URL: testing for one cost twice the bytes at start.
    // In a browser first: a page has no MONET_API_KEY, and a key passed there is readable by all.
    if (apiKey !== null && isBrowser() && !options.dangerouslyAllowBrowser)
      throw new MonetError(
        `${apiKey ? "Every visitor can read an API key in a browser" : "Missing API key"}: use a server proxy (apiKey: null) or dangerouslyAllowBrowser: true`,
      );
    if (apiKey !== null && !/^[\w.~+/-]+=*$/.test(apiKey ?? ""))
      throw new MonetError(`${apiKey ? "Invalid API key (a newline?)" : "Missing API key"}: set MONET_API_KEY or pass { apiKey } (any monet_... on the mock)`);
    this.baseUrl = options.baseUrl ?? (env("MONET_BASE_URL") || "https://monet.vision");
    const base = baseUrlOf(this.baseUrl, options.baseUrl === undefined ? "MONET_BASE_URL" : "baseUrl");
    count("retry.maxRetries", options.retry?.maxRetries);
    count("retry.maxUnreachablePolls", options.retry?.maxUnreachablePolls, 1);
    const redact = redactor(apiKey as string | null);
    const logger = makeLogger(options.logLevel, options.logger, redact);
    // The key lives only in this closure: not a property, so no log, error or inspection can show it.
    const transport = new Transport({
      baseUrl: base,
      fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
      timeout: ms("timeout", options.timeout),
      retry: retryPolicy({
        ...options.retry,
        ...(options.maxRetries === undefined ? {} : { maxRetries: count("maxRetries", options.maxRetries) }),
        // Every retry (HTTP, a re-poll after a failure, a stream reconnection) is one debug line.
        onRetry: (i) => {
          logger?.debug(`retrying ${i.what} in ${Math.round(i.delay)} ms (retry ${i.retry})`);
          options.retry?.onRetry?.(i);
        },
      }),
      defaultHeaders: options.defaultHeaders ?? {},
      credentials: options.credentials,
      logger,
      auth: () => (apiKey === null ? {} : { authorization: `Bearer ${apiKey}` }),
      redact,
    });
    this.#transport = transport;
    this.tasks = new Tasks(transport, options.validateInputs !== false);
    // Upload code loads on first use.
    this.files = { upload: (data, opts) => apiPromise(import("./files.js").then((m) => m.uploadFile(transport, data, opts))) };
  }

  /**
   * Calls any operation of the spec by its operationId, typed from the spec, through the same
   * transport as `tasks` and `files` (retries, timeouts, typed errors, idempotency keys):
   * `await monet.request("getTask", { path: { taskId } })`. Path and query arguments are checked
   * against the spec's bounds before sending; a create gets a fresh idempotency key unless given.
   */
  request<K extends OperationId>(operationId: K, ...[params, options]: RequestArgs<K>): APIPromise<OperationResponse<K>> {
    // The whole operations table loads on first use, not at start.
    return apiPromise(import("./request.js").then((m) => m.sendOperation(this.#transport, operationId, params ?? {}, options ?? {}))) as APIPromise<
      OperationResponse<K>
    >;
  }

  toString() {
    return `Monet { baseUrl: '${this.baseUrl}', apiKey: [redacted] }`;
  }

  [Symbol.for("nodejs.util.inspect.custom")]() {
    return this.toString();
  }
}
