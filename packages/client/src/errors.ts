// Every error the client throws: one base class, one subclass per kind. None ever holds the
// API key or request headers.
// The base class and the input error are @monet-ai/models' own: one class each, across packages.

import { type ErrorInfo, InputValidationError, MonetError } from "@monet-ai/models/errors";
import type { Task } from "@monet-ai/models/spec";
import { failureOf } from "./task-status.js";

export { type ErrorInfo, InputValidationError, MonetError };

/** The server answered with an error status. */
export class APIError extends MonetError {
  // `declare`: set in the constructor, not as class fields too (bytes of the start bundle).
  /** Field-level problems the server reported (422). */
  declare readonly details?: { field: string; message: string }[];
  /** Seconds the server asked to wait, from `Retry-After` (429, 503, a 409 still in progress). */
  declare readonly retryAfter?: number;
  /**
   * Set only when the API answered a create (or a stream named its task) by a task id no call can
   * follow (`a/b/4`, `..`, a control character): the client refused that answer, and this is the
   * id as the API sent it (its JSON text when not a string). The task may exist, but the same
   * create again (its `idempotencyKey`) gets the same id: report it to whoever runs the API.
   */
  declare readonly unfollowableTaskId?: string;
  /**
   * The headers of the error answer (a 429's rate-limit headers, a gateway's trace id), as
   * openai-node's `APIError.headers`: any run of the key taken out of every value, and cookies,
   * Authorization and names that say they hold a credential (`api-key`, `secret`, `session`,
   * `password`, `-token`) left out. Unset when no answer came (a redirect has none either: its
   * `Location` is the server's).
   */
  declare readonly headers?: Headers;
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

/** The task ended with a final status other than success (`failed`, ...); `task` holds it, `task.error` says why. */
export class TaskFailedError extends MonetError {
  declare readonly task: Task;
  constructor(task: Task) {
    // Names the final status it ended with: failed, or another the spec marks final (cancelled).
    super(...failureOf(task));
    this.task = task;
  }
}

/** `wait` gave up before the task finished; the task goes on on the server. */
export class WaitTimeoutError extends MonetError {}

// Class names do not survive minification, so each error's name is set here, once.
for (const [name, c] of Object.entries({
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
}))
  c.prototype.name = name;
