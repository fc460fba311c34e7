// An error answer as the typed error the caller catches (its class by status, the server's code,
// message and details, and how long the server asked to wait), a success that is not JSON, and a
// success answer that is not the task asked for. Loaded on the first such answer: an app whose
// calls succeed never pays for it.
import type { Task } from "@monet-ai/models/spec";
import type { Answer, Transport } from "./core.js";
import { errorHeaders } from "./error-headers.js";
import {
  APIError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  UnprocessableEntityError,
} from "./errors.js";
import { isTask } from "./is-task.js";
import { shownError } from "./key-tail.js";
import type { Redact } from "./secret.js";
import { cut } from "./server-text.js";

const BY_STATUS: Record<number, typeof APIError> = {
  400: BadRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  422: UnprocessableEntityError,
};

/**
 * The typed error for an error response; the body may be anything (HTML from a proxy, empty).
 * `sent`: the URL the call was sent to, key redacted (never `res.url`, where a redirect ended:
 * a server chose it, and may have put the key or a signature in it).
 */
export function errorFromResponse(res: Response, body: unknown, requestId: string | undefined, sent: string): APIError {
  const { status } = res;
  const retryAfter = retryAfterSeconds(res.headers);
  const e = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } } | undefined)?.error;
  const code = typeof e?.code === "string" ? e.code : undefined;
  const message =
    typeof e?.message === "string"
      ? cut(e.message)
      : (notTheApi(res, body, sent) ?? tooLarge(status, sent) ?? `HTTP ${status}${typeof body === "string" && body ? `: ${cut(body, 120)}` : ""}`);
  const info = { status, code, requestId, details: Array.isArray(e?.details) ? (e.details as APIError["details"]) : undefined, retryAfter };
  const error = new (status === 429 ? RateLimitError : status >= 500 ? InternalServerError : (BY_STATUS[status] ?? APIError))(message, info);
  // Set here, not in the constructor: the error classes load at start (their bytes are budgeted).
  return Object.assign(error, { headers: errorHeaders(res.headers) });
}

/**
 * What a 414 or 431 means: the server (or a proxy before it; Node's own parser answers 431 past
 * 16 KiB) would not read a request that large, most often a task id of thousands of characters in
 * the path. A bare "HTTP 431" left the caller guessing. The reference gives ids no length, so the
 * client does not refuse long ones itself.
 */
function tooLarge(status: number, sent: string): string | undefined {
  if (status !== 414 && status !== 431) return undefined;
  const url = `URL (${sent.length} characters)`;
  return `HTTP ${status}: the request was too large for the server: ${status === 414 ? `its ${url}` : `its request line (method and ${url}) or its headers`}. A long task id in the path is the usual cause: check the id passed`;
}

/**
 * The error for a success (2xx) whose body is not JSON: most often a page's dev server answering a
 * GET with its single-page app where no proxy is mounted, which gets the same hint as its 404.
 */
export function notJsonError(res: Response, text: string, requestId: string | undefined, sent: string): APIError {
  const error = new APIError(notTheApi(res, text, sent) ?? `Expected JSON, got ${text ? text.slice(0, 60) : "an empty body"} (HTTP ${res.status})`, {
    status: res.status,
    requestId,
  });
  return Object.assign(error, { headers: errorHeaders(res.headers) });
}

/**
 * What to say when the server is not the API (nor its proxy): an HTML page, or a 404/405 in
 * something other than the API's JSON, is what a page's own dev server answers when `baseUrl`
 * ("/api/monet") names a path where no proxy is mounted. "HTTP 404: Not Found" left the reader
 * looking for a missing task.
 */
function notTheApi(res: Response, body: unknown, sent: string): string | undefined {
  if (body && typeof body === "object") return undefined;
  const type = (res.headers.get("content-type") ?? "").replace(/;.*/s, "").trim().toLowerCase();
  const text = typeof body === "string" ? body : "";
  const html = /html/.test(type) || text.trimStart().startsWith("<");
  if (!html && res.status !== 404 && res.status !== 405) return undefined;
  const title = /<title[^>]*>([^<]{1,80})/i.exec(text)?.[1]?.trim();
  const what = html
    ? `like a web page (HTML${title ? `, titled ${JSON.stringify(title)}` : ""})`
    : `with ${/^[\w.+-]+\/[\w.+-]+$/.test(type) ? type : "no JSON"}`;
  // Where the call went, without its query (a page number, or a signature in a path the caller built).
  return `HTTP ${res.status} from ${sent.replace(/[?#].*/s, "")}: that server answered ${what}, not as the Monet API or its proxy do (JSON). Check that baseUrl names the API, or the path where the Monet proxy is mounted on that server.`;
}

const NUMBER = /^\d+(\.\d+)?$/;

/**
 * Seconds from `Retry-After-Ms` (openai's finer form, which the mock sends) when it is a number,
 * else from `Retry-After` (seconds or an HTTP date), if present and sane.
 */
export function retryAfterSeconds(headers: Headers): number | undefined {
  const ms = headers.get("retry-after-ms")?.trim();
  if (ms && NUMBER.test(ms)) return Number(ms) / 1000;
  const v = headers.get("retry-after")?.trim();
  if (!v) return undefined;
  const secs = NUMBER.test(v) ? Number(v) : (Date.parse(v) - Date.now()) / 1000;
  return Number.isFinite(secs) ? Math.max(0, secs) : undefined;
}

/**
 * Throws the server's error for a success answer that is not the task asked for: not a task at
 * all; with `asked`, the answer to `GET /tasks/{asked}` naming another task; else a create's task
 * whose id no call can follow (callers save files and build commands from its id). Ids are cut to
 * a length a message can hold. Shown as every error answer is (key-tail.ts): the answer passed the
 * start path's redaction only, so the key without its `monet_` start, and an 8-bit terminal
 * sequence (JSON.stringify leaves it as it is), were in its message and request id.
 */
export function notTheTask(a: Answer<unknown>, transport: Transport, asked?: string): never {
  const t = a.data;
  const e = shownError(
    new APIError(
      !isTask(t)
        ? `Expected a task, got ${JSON.stringify(t)?.slice(0, 60)}`
        : asked
          ? `the server answered a GET of task ${cut(asked, 100)} with another task, ${JSON.stringify(t.id.slice(0, 100))}`
          : `the server answered the create with task id ${JSON.stringify((t as Task).id.slice(0, 100))}, which no call can follow`,
      { status: a.response.status, requestId: a.requestId, taskId: asked },
    ),
    transport,
  );
  // The marker callers read (not this message's words): the create's id no call can follow.
  throw isTask(t) && !asked ? Object.assign(e, { unfollowableTaskId: t.id }) : e;
}

/**
 * A copy of an error fetch threw and of its causes, keeping code and message with the key taken
 * out; the rest (a URL error's `input`, the stack) may hold what a server sent.
 */
// biome-ignore lint/suspicious/noExplicitAny: whatever fetch threw, of any shape
export const cleanError = (e: any, redact: Redact): Error =>
  Object.assign(new Error(redact(String(e?.message ?? e)), e?.cause && { cause: cleanError(e.cause, redact) }), { code: e?.code });
