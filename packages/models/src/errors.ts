// The errors of every Monet package: one base class, and the one error for input refused before
// anything is sent. They live here, in the package every other depends on, so `instanceof` holds
// across packages (the client's HTTP errors extend `MonetError` too).

/** Where an issue is and what is wrong with it. */
export interface InputIssue {
  /** Where, inside the input: `duration`, `images[2]`; `type` for the task type, `""` for the input itself. */
  path: string;
  /** Plain words naming the field, what was given and what is allowed. */
  message: string;
  received?: unknown;
  allowed?: readonly unknown[] | string;
}

export interface ErrorInfo {
  status?: number;
  code?: string;
  requestId?: string;
  taskId?: string;
  cause?: unknown;
}

/** Every error a Monet package throws. None ever holds the API key or request headers. */
export class MonetError extends Error {
  // Fields are `declare`d and set in the constructor: no class fields too (bytes of the client's start bundle).
  declare readonly status?: number;
  /** The API's machine-readable code (`rate_limited`, `validation_error`, ...), when known. */
  declare readonly code?: string;
  /** The `X-Request-Id` of the response, for support. */
  declare readonly requestId?: string;
  declare readonly taskId?: string;
  /**
   * The idempotency key of a create that failed before the API named its task (`@monet-ai/client`'s
   * `tasks.create`, `run`, `stream`, `request`): the task may exist all the same, and creating
   * again with this key gets it instead of a second task. Set only there (declared: no other
   * error carries it, not even as `undefined`).
   */
  declare readonly idempotencyKey?: string;
  constructor(message: string, info: ErrorInfo = {}) {
    super(message, info.cause === undefined ? undefined : { cause: info.cause });
    this.status = info.status;
    this.code = info.code;
    this.requestId = info.requestId;
    this.taskId = info.taskId;
  }
}

/**
 * Input refused before anything is sent: every issue, each naming its field and what is allowed.
 * The one error of its kind: `assertValidInput` throws it, and so does `@monet-ai/client` for a
 * task input or an argument it refuses (with `prefix` "input", paths read `input.duration`).
 */
export class InputValidationError extends MonetError {
  /** Every problem, with `path` from the top of what was checked (`input.duration`). */
  declare readonly issues: InputIssue[];
  constructor(issues: InputIssue[], prefix = "") {
    // Issue messages start with their field name; prefixing it gives `input.duration must be ...`.
    const nest = (i: InputIssue) => (prefix && i.path && i.path !== "type" ? { ...i, path: `${prefix}.${i.path}`, message: `${prefix}.${i.message}` } : i);
    const named = issues.map(nest);
    super(`Invalid input: ${named.map((i) => i.message).join("; ")}`);
    this.name = "InputValidationError";
    this.issues = named;
  }
}

/** The former name of `InputValidationError` (the same class). */
export const InvalidInputError = InputValidationError;
export type InvalidInputError = InputValidationError;

// Class names do not survive minification.
MonetError.prototype.name = "MonetError";
