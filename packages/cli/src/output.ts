// What the CLI prints: readable tables for people, JSON for scripts (--json), and errors as one
// line that says what to do, with an exit code (exit-codes.ts) and, for --json, one JSON object.
// Everything goes through `clean` or `safeJson` (see terminal.ts).
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  InputValidationError,
  InternalServerError,
  MonetError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  TaskFailedError,
  UnprocessableEntityError,
  WaitTimeoutError,
} from "@monet-ai/client";
import { FILE_LIFETIME } from "@monet-ai/client/operations";
import { CommanderError } from "commander";
import { CODE } from "./error-codes.js";
import { UsageError } from "./errors.js";
import { EXIT } from "./exit-codes.js";
import { flagOf } from "./input-flag.js";
import { COMMANDER_CODES } from "./parser-errors.js";
import { clean } from "./terminal.js";

export function table(rows: Record<string, unknown>[], columns: string[]): string {
  const cell = (v: unknown) => (v === undefined || v === null ? "" : clean(String(v)).replace(/[\n\t]/g, " "));
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const line = (vals: string[]) =>
    vals
      .map((v, i) => v.padEnd(widths[i]))
      .join("  ")
      .trimEnd();
  return [line(columns.map((c) => c.toUpperCase())), ...rows.map((r) => line(columns.map((c) => cell(r[c]))))].join("\n");
}

/** A message as one sentence: a server's own final period is not doubled. */
const sentence = (m: string) => `${m.trim().replace(/[.\s]+$/, "")}.`;

/** What --json writes for an error (on stderr): enough to decide, without parsing English, what to do. Its fields are ERROR_FIELDS. */
export interface ErrorJson {
  type: string;
  status?: number;
  /** Always set: the API's code for an API error, else one of the CLI's (error-codes.ts). */
  code: string;
  message: string;
  /** The flag or argument at fault, as typed, and what it allows (the CLI's own checks). */
  field?: string;
  allowed?: readonly unknown[];
  /** Every problem of an input the client refused before sending: field path, message, allowed values. */
  issues?: readonly { path: string; message: string; allowed?: unknown }[];
  /** The API's own per-field problems (422), as it sent them. */
  details?: readonly unknown[];
  taskId?: string;
  requestId?: string;
  retryable: boolean;
  /** Seconds the server asked to wait (429, 503). */
  retryAfter?: number;
  /** The command that goes on without a new task (monet wait <id> ...), when there is one. */
  resume?: string;
  exitCode: number;
}

export interface Explained {
  line: string;
  /** The CLI's own command that goes on (a NextStepError's resume): printed on a line of its own, after `line`. */
  next?: string;
  code: number;
  json: ErrorJson;
}

/** An error that already says what to do next: its line, its exit code and the command that resumes. */
export class NextStepError extends MonetError {
  readonly exitCode: number;
  readonly resume?: string;
  constructor(message: string, opts: { exitCode: number; taskId?: string; resume?: string; cause?: unknown; status?: number; code?: string }) {
    super(message, { taskId: opts.taskId, cause: opts.cause, status: opts.status, code: opts.code });
    this.exitCode = opts.exitCode;
    this.resume = opts.resume;
  }
}
NextStepError.prototype.name = "NextStepError";

/** The exit code for an error of the client (or the CLI), by what the caller can do about it. */
function exitCode(e: unknown): number {
  if (e instanceof NextStepError) return e.exitCode;
  if (e instanceof UsageError || e instanceof InputValidationError || e instanceof BadRequestError || e instanceof UnprocessableEntityError) return EXIT.usage;
  if (e instanceof AuthenticationError || e instanceof PermissionDeniedError) return EXIT.auth;
  if (e instanceof NotFoundError) return EXIT.notFound;
  if (e instanceof TaskFailedError) return EXIT.taskFailed;
  if (e instanceof APIConnectionError || e instanceof RateLimitError || e instanceof InternalServerError || e instanceof WaitTimeoutError)
    return EXIT.retryLater;
  if (e instanceof MonetError && e.code === "locked") return EXIT.retryLater; // @monet-ai/pipeline's FolderInUseError: another run holds the folder
  // A 409 that says "still in progress, come back" (Retry-After) is a retry; a key reused with
  // another body is the command to fix, as is a body too large (413).
  if (e instanceof ConflictError && e.retryAfter !== undefined) return EXIT.retryLater;
  if (e instanceof ConflictError || (e instanceof APIError && e.status === 413)) return EXIT.usage;
  return EXIT.failed;
}

function line(e: unknown): string {
  if (e instanceof UsageError) return `error: ${e.message}${e.hint ? `${e.message.endsWith("?") ? "" : "."} See monet --help.` : ""}`;
  if (e instanceof InputValidationError) return `error: ${e.issues.map((i) => i.message).join("; ")}. Nothing was sent.`;
  if (e instanceof AuthenticationError) return "error: the API key was refused (401). Check MONET_API_KEY.";
  if (e instanceof NotFoundError) {
    // Only a file can expire; a task id that is not found is just not found.
    const hint = /\b(file|upload)/i.test(e.message) ? ` Uploads expire after ${FILE_LIFETIME}: upload the file again.` : "";
    return `error: not found (404): ${sentence(e.message)}${hint}`;
  }
  if (e instanceof ConflictError && e.retryAfter === undefined && /idempotency/i.test(e.message))
    return `error: ${sentence(e.message)} With --idempotency-key, send the same input (local files are uploaded again under new URLs: upload them once with monet upload and pass the URLs).`;
  // The status and the wait the API asked for, which the server's own text ("slow down") leaves out.
  if (e instanceof RateLimitError)
    return `error: rate limited (HTTP 429)${e.retryAfter !== undefined ? `: the API asks to wait ${e.retryAfter} s` : ""}; it said: ${sentence(e.message)}${e.requestId ? ` (request ${e.requestId})` : ""}`;
  if (e instanceof MonetError && !(e instanceof NextStepError)) return `error: ${e.message}${e.requestId ? ` (request ${e.requestId})` : ""}`;
  return `error: ${(e as Error)?.message ?? e}`;
}

/** The `code` of an error: its own (the API's, a download's, the CLI's), else one by its kind. */
function codeOf(e: unknown): string {
  if (e instanceof UsageError) return e.code;
  if (e instanceof InputValidationError) return CODE.invalidValue;
  const own = (e as { code?: unknown })?.code;
  if (e instanceof MonetError && typeof own === "string" && own) return own;
  // A next step without a code of its own (a create whose answer was lost): its cause's.
  if (e instanceof NextStepError && e.cause !== undefined) return codeOf(e.cause);
  if (e instanceof APIConnectionTimeoutError || e instanceof WaitTimeoutError) return CODE.timeout;
  if (e instanceof APIConnectionError) return CODE.connectionError;
  if (e instanceof TaskFailedError) return CODE.taskFailed;
  if (e instanceof APIError) return CODE.apiError;
  return CODE.failed;
}

/**
 * The flag or argument one refused value came from, as typed: the client names it by its path
 * (`--page-size` once a command renamed it, `input.aspect_ratio` for a model input, which is the
 * flag `--aspect-ratio`, `taskId` for the `<id>` of get and wait).
 */
function issueField(path: string): string | undefined {
  if (path.startsWith("--")) return path;
  if (path === "taskId") return "id";
  const input = /^input\.(\w+)/.exec(path);
  return input ? flagOf({ name: input[1] }) : undefined;
}

/** `field` and `allowed` of an input the client refused for one value (with several, `issues` says each). */
function refusedValue(e: InputValidationError): Pick<ErrorJson, "field" | "allowed"> {
  if (e.issues.length !== 1) return {};
  const [{ path, allowed }] = e.issues;
  const field = issueField(path);
  return { ...(field && { field }), ...(Array.isArray(allowed) && { allowed }) };
}

/** The one line for an error, its exit code, and the JSON --json writes for it. */
export function explain(e: unknown): Explained {
  // Commander's own errors (a missing argument, an unknown command) are bad usage.
  if (e instanceof CommanderError) {
    const message = e.message.replace(/^error:\s*/, "");
    const code = COMMANDER_CODES[e.code] ?? CODE.invalidValue;
    return { line: `error: ${message}`, code: EXIT.usage, json: { type: "UsageError", code, message, retryable: false, exitCode: EXIT.usage } };
  }
  const code = exitCode(e);
  const text = line(e);
  const m = e instanceof MonetError ? e : undefined;
  const retryAfter = (e as { retryAfter?: unknown })?.retryAfter;
  const json: ErrorJson = {
    type: e instanceof UsageError ? "UsageError" : e instanceof Error ? e.name : "Error",
    ...(m?.status !== undefined && { status: m.status }),
    code: codeOf(e),
    message: `${text.replace(/^error: /, "")}${e instanceof NextStepError && e.resume ? ` ${e.resume}` : ""}`,
    ...(e instanceof UsageError && e.field !== undefined && { field: e.field }),
    ...(e instanceof UsageError && e.allowed !== undefined && { allowed: e.allowed }),
    ...(e instanceof InputValidationError && refusedValue(e)),
    // The value given is left out: it is the caller's own, and may be long (a prompt).
    ...(e instanceof InputValidationError && {
      issues: e.issues.map(({ path, message, allowed }) => ({ path, message, ...(allowed !== undefined && { allowed }) })),
    }),
    ...(e instanceof APIError && e.details !== undefined && { details: e.details }),
    ...(m?.taskId !== undefined && { taskId: m.taskId }),
    ...(m?.requestId !== undefined && { requestId: m.requestId }),
    retryable: code === EXIT.retryLater,
    ...(typeof retryAfter === "number" && { retryAfter }),
    ...(e instanceof NextStepError && e.resume && { resume: e.resume }),
    exitCode: code,
  };
  return { line: text, code, json, ...(e instanceof NextStepError && e.resume && { next: e.resume }) };
}
