// Options of the mock server and the faults it can inject.

/** A fault applied to the next matching requests. */
export interface Fault {
  kind: "latency" | "rate-limit" | "server-error" | "drop-after-create" | "cut-stream";
  /** How many matching requests get it (default 1). */
  times?: number;
  /** Only requests whose path starts with this (default: every API path). */
  path?: string;
  method?: string;
  /** latency: delay before answering, in ms. */
  ms?: number;
  /** rate-limit: the Retry-After seconds, or null to send none (default 1). */
  retryAfter?: number | null;
  /** server-error: the status (default 500). */
  status?: 500 | 502 | 503 | 504;
  /** cut-stream: events sent before the stream is cut (default 1). */
  afterEvents?: number;
}

export interface MockOptions {
  port?: number;
  host?: string;
  /** How long a task takes from creation to its final state, in ms (default 3000). */
  taskDuration?: number;
  /** How long an uploaded file lives, in ms (default 24 h, as the real API). */
  fileLifetime?: number;
  /** Faults to apply from the start (more can be added through POST /__mock/faults). */
  faults?: Fault[];
  /** Receives one line per request (method, path, status, ms); never headers or bodies. */
  logger?: (line: string) => void;
  /** The origin written into file and output URLs (default: the server's own URL). */
  publicUrl?: string;
}
