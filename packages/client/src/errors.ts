// Every error the client throws: one base class, one subclass per kind. None ever holds the
// API key or request headers.
import type { InputIssue } from "@monet-ai/models/validate";
import type { Task } from "./generated/types.gen.js";

export interface ErrorInfo {
  status?: number;
  code?: string;
  requestId?: string;
  taskId?: string;
  cause?: unknown;
}

export class MonetError extends Error {
  readonly status?: number;
  /** The API's machine-readable code (`rate_limited`, `validation_error`, ...), when known. */
  readonly code?: string;
  /** The `X-Request-Id` of the response, for support. */
  readonly requestId?: string;
  readonly taskId?: string;
  constructor(message: string, info: ErrorInfo = {}) {
    super(message, info.cause === undefined ? undefined : { cause: info.cause });
    this.status = info.status;
    this.code = info.code;
    this.requestId = info.requestId;
    this.taskId = info.taskId;
  }
}

/** The server answered with an error status. */
export class APIError extends MonetError {
  /** Field-level problems the server reported (422). */
  readonly details?: { field: string; message: string }[];
  /** Seconds the server asked to wait, from `Retry-After` (429, 503, a 409 still in progress). */
  readonly retryAfter?: number;
  constructor(message: string, info: ErrorInfo & { details?: { field: string; message: string }[]; retryAfter?: number } = {}) {
    super(message, info);
    this.details = info.details;
    this.retryAfter = info.retryAfter;
  }
}
export class BadRequestError extends APIError {}
export class AuthenticationError extends APIError {}
export class PermissionDeniedError extends APIError {}
export class NotFoundError extends APIError {}
export class ConflictError extends APIError {}
export class UnprocessableEntityError extends APIError {}
export class RateLimitError extends APIError {}
export class InternalServerError extends APIError {}

/** No answer came back: the network failed, or the server closed the connection. */
export class APIConnectionError extends MonetError {}
/** No answer came back in time. */
export class APIConnectionTimeoutError extends APIConnectionError {}
/** The caller's AbortSignal fired. */
export class AbortError extends MonetError {}

/** The task finished with status `failed`; `task` holds it, `task.error` says why. */
export class TaskFailedError extends MonetError {
  readonly task: Task;
  constructor(task: Task) {
    super(`Task ${task.id} failed${task.error ? `: ${task.error.message}` : ""}`, { taskId: task.id, code: task.error?.code });
    this.task = task;
  }
}

/** `wait` gave up before the task finished; the task goes on on the server. */
export class WaitTimeoutError extends MonetError {}

/** The request was refused before sending: an argument or input breaks the API's rules. */
export class InputValidationError extends MonetError {
  /** Every problem, with `path` from the request's top (`input.duration`). */
  readonly issues: InputIssue[];
  /** `prefix` places the issues of a nested object (`input`) in the request. */
  constructor(issues: InputIssue[], prefix = "") {
    // Issue messages start with their field name; prefixing it gives `input.duration must be ...`.
    const nest = (i: InputIssue) => (prefix && i.path && i.path !== "type" ? { ...i, path: `${prefix}.${i.path}`, message: `${prefix}.${i.message}` } : i);
    const named = issues.map(nest);
    super(`Invalid request: ${named.map((i) => i.message).join("; ")}`);
    this.issues = named;
  }
}

const BY_STATUS: Record<number, typeof APIError> = {
  400: BadRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  422: UnprocessableEntityError,
};

/** The typed error for an error response; the body may be anything (HTML from a proxy, empty). */
export function errorFromResponse(status: number, body: unknown, requestId?: string, retryAfter?: number): APIError {
  const e = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } } | undefined)?.error;
  const code = typeof e?.code === "string" ? e.code : undefined;
  const message = typeof e?.message === "string" ? e.message : `HTTP ${status}${typeof body === "string" && body ? `: ${body.slice(0, 120)}` : ""}`;
  const info = { status, code, requestId, details: Array.isArray(e?.details) ? (e.details as APIError["details"]) : undefined, retryAfter };
  if (status === 429) return new RateLimitError(message, info);
  if (status >= 500) return new InternalServerError(message, info);
  return new (BY_STATUS[status] ?? APIError)(message, info);
}

// Class names do not survive minification, so each error's name is set here, once.
for (const [name, c] of Object.entries({
  MonetError,
  APIError,
  BadRequestError,
  AuthenticationError,
  PermissionDeniedError,
  NotFoundError,
  ConflictError,
  UnprocessableEntityError,
  RateLimitError,
  InternalServerError,
  APIConnectionError,
  APIConnectionTimeoutError,
  AbortError,
  TaskFailedError,
  WaitTimeoutError,
  InputValidationError,
}))
  c.prototype.name = name;
