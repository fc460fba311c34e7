// Options of the mock server and the faults it can inject.

/** A fault applied to the next matching requests (checked when added: a bad one is refused). */
export interface Fault {
  kind: "latency" | "rate-limit" | "server-error" | "drop-after-create" | "cut-stream" | "task-failed" | "status";
  /** How many matching requests get it (default 1, at most 1,000,000). */
  times?: number;
  /** Only requests whose path starts with this (default: every API path). */
  path?: string;
  /** Only requests with this method (GET, POST or HEAD). */
  method?: string;
  /** latency: delay before answering, in ms (0 to 60,000). */
  ms?: number;
  /** rate-limit: the Retry-After seconds, or null to send none (default 1). */
  retryAfter?: number | null;
  /**
   * rate-limit: a steady limit per API key instead of the next `times` requests, such as "20/s",
   * "600/min" (a number: per second). Lasts until the faults are cleared.
   */
  rate?: string | number;
  /** rate-limit with a rate: requests allowed at once after a quiet spell (default: one second's worth). */
  burst?: number;
  /**
   * server-error: the status (500, 502, 503 or 504; default 500). status: the status to answer
   * (400 to 599, required), with the spec's error body and the code the spec gives that status.
   */
  status?: number;
  /** task-failed: only tasks of this model (default: any model). */
  model?: string;
  /** task-failed: the progress (0 to 100) at which the task fails; 0 fails it from the start; default: at the end, at 90. */
  at?: number;
  /** task-failed: the task's `error.code` (default generation_failed); status: the body's `error.code`. */
  code?: string;
  /** task-failed: the task's `error.message`; status: the body's `error.message`. */
  message?: string;
  /** cut-stream: events sent before the stream is cut (default 1). */
  afterEvents?: number;
}

export interface MockOptions {
  port?: number;
  host?: string;
  /** How long a task takes from creation to its final state, in ms (default 3000). */
  taskDuration?: number;
  /** How long an uploaded file lives, in ms (default: the API's file lifetime, the spec's uploadFile x-monet-file-lifetime-ms). */
  fileLifetime?: number;
  /** Faults to apply from the start (more can be added through POST /__mock/faults). */
  faults?: Fault[];
  /** Receives one line per request (method, path, status, ms); never headers or bodies. */
  logger?: (line: string) => void;
  /** The origin written into file and output URLs (default: the server's own URL). */
  publicUrl?: string;
  /**
   * A steady rate limit per API key on every API operation, such as "20/s" (a number: per
   * second), or with its burst: `{ rate: "20/s", burst: 5 }`. Answers 429 with Retry-After.
   */
  rateLimit?: string | number | { rate: string | number; burst?: number };
  /** The largest upload, in bytes (default: the spec's uploadFile x-monet-max-upload-bytes); larger ones get 413. */
  maxUploadBytes?: number;
  /** All stored uploads together, in bytes (default: twice the largest upload); past it the oldest of the API key holding the most bytes are evicted. */
  maxStoredBytes?: number;
  /** Stored uploads, counted (default 10,000); past it the oldest of the API key holding the most are evicted. */
  maxFiles?: number;
  /** Stored tasks (default 100,000); past it the oldest of the API key holding the most are evicted, with their idempotency keys. */
  maxTasks?: number;
  /** How long an upload may send no byte, in ms (default 10,000); then it is answered 408 and its share of the upload budget freed. */
  uploadIdleTimeout?: number;
  /**
   * More `Host` names the control API (/__mock/*) answers to, besides localhost, 127.0.0.1 and
   * [::1] (and the host of `publicUrl`): for a mock reached by a container name, say.
   */
  allowedHosts?: string[];
  /** Where the root page links to the docs (default http://127.0.0.1:4000, what `npm start` serves). */
  docsUrl?: string;
  /**
   * Makes task ids, upload ids and request ids a pure function of the seed and of the order of
   * requests (default: random ids, request ids counted per process). Two mocks with the same
   * seed (and `now`) answer the same request sequence with the same bytes.
   */
  seed?: string | number;
  /**
   * Stops the mock's clock at this time (an ISO 8601 text, a Date, or ms since 1970): every
   * `created_at` and `updated_at` is read from it, and it moves only when a test advances it
   * (`POST /__mock/advance`, `advanceClock`), never by itself, so tasks stay where they are until
   * a test advances them (`POST /__mock/tasks/{id}/advance`, `advanceTask`). Default: the wall clock.
   */
  now?: string | number | Date;
}
