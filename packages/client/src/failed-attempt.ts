// What a failed attempt of an API call becomes (a typed error), and whether the call tries again
// (the retry policy, its delay and hook). Loaded on the first failure: an app whose calls succeed
// never pays for it (the start bundle is held to 6,000 B).
import { isBrowser } from "./browser.js";
import type { Call, RequestOptions, Transport } from "./core.js";
import { cleanError, errorFromResponse, notJsonError, notTheTask } from "./error-answer.js";
import { AbortError, APIConnectionError, APIConnectionTimeoutError, APIError, InputValidationError, MonetError } from "./errors.js";
import { shownError } from "./key-tail.js";
import { sleep } from "./sleep.js";
import type { TimeLimit } from "./time-limit.js";
import { cutShort, mayBeStored } from "./upload-resend.js";

export interface Attempt {
  call: Call;
  /** 0 for the first. */
  attempt: number;
  started: number;
  /** What fetch or the body threw, in a box (anything may be thrown, `undefined` too). */
  thrown?: [unknown];
  /** Else the answer that was not a success, and its body (read to the size limit). */
  res?: Response;
  text: string;
  /**
   * The attempt's time limit: aborted when its own time ran out, or the caller's signal did
   * (which thrownError tells first).
   */
  limit: TimeLimit;
  timeout: number;
  /** The call's options: its signal, its `maxRetries`. */
  opts: RequestOptions;
}

/** Throws the attempt's error when it ends the call; otherwise waits the policy's delay before the next attempt. */
export async function failedAttempt(t: Transport, a: Attempt): Promise<void> {
  const { call } = a;
  const { signal } = a.opts;
  const policy = t.policy(a.opts);
  let failure: MonetError;
  // A success whose body is not JSON (core.ts's parse threw): final, with the not-the-API hint.
  if (a.res?.ok && a.thrown?.[0] instanceof SyntaxError)
    throw shownError(notJsonError(a.res, t.cfg.redact(a.text), t.requestId(a.res), t.cfg.redact(t.cfg.baseUrl + a.call.path)), t);
  // A success that is not the task asked for (core.ts throws the call: task-answer.ts).
  if (a.thrown?.[0] === call)
    // biome-ignore lint/style/noNonNullAssertion: a success's answer
    notTheTask({ data: t.parse(a.text), response: a.res!, requestId: t.requestId(a.res!) }, t, call.task || undefined);
  if (a.thrown) failure = thrownError(t, a, a.thrown[0]);
  // biome-ignore lint/style/noNonNullAssertion: without a throw there is an answer (the transport's loop)
  else failure = redirectError(t, a, a.res!) ?? errorFromResponse(a.res!, t.parse(a.text), t.requestId(a.res!), t.cfg.redact(t.cfg.baseUrl + a.call.path));
  // A server's terminal sequences and control characters out, and the key cut at its start, which
  // the start path's redaction does not see (key-tail.ts).
  failure = shownError(failure, t);
  // An upload that may have been stored is not sent again, whatever the policy says (upload-resend.ts).
  const stored = mayBeStored(call, failure);
  if (stored) throw stored;
  // One closed before it was sent whole was not stored: it says so, and is retried as before.
  failure = cutShort(call, failure) ?? failure;
  if (a.attempt >= policy.maxRetries || !policy.retryable(failure)) throw failure;
  const delay = policy.delay(a.attempt + 1, failure);
  policy.onRetry?.({ what: `${call.method} ${call.path}`, retry: a.attempt + 1, delay, error: failure });
  await sleep(delay, signal).catch((reason) => {
    throw new AbortError("Aborted", { cause: reason });
  });
}

/**
 * API calls do not follow redirects (`redirect: "manual"`): the API never answers its calls with
 * one, and a followed redirect sent the call's custom headers (a gateway's token) and body (the
 * prompt, the idempotency key) wherever it pointed, and turned a create into a GET whose foreign
 * answer was taken as the task. A redirect is an APIError naming its status and its target's
 * origin only: the path and query come from a header, which may hold what the caller sent.
 */
function redirectError(t: Transport, a: Attempt, res: Response): APIError | undefined {
  const to = res.headers.get("location");
  // A browser hides a manual redirect's status and target from scripts ("opaqueredirect", status 0).
  if (res.type !== "opaqueredirect" && !(res.status > 300 && res.status < 400 && to !== null)) return;
  let where = "an address the browser hides";
  if (to !== null) {
    try {
      const target = new URL(to, t.cfg.baseUrl + a.call.path);
      // The host as the server spelled it, without user info: a URL's own is lower-cased, which
      // would hide a key in it from redaction. (A relative target is on the API's own origin.)
      const host = /^(?:[a-z][\w+.-]*:)?[/\\]{2}(?:[^/\\?#]*@)?([^/\\?#]*)/i.exec(to)?.[1] ?? target.host;
      where =
        target.origin === "null"
          ? `a ${t.cfg.redact(target.protocol)} address`
          : target.origin === new URL(t.cfg.baseUrl).origin
            ? `another path of the same origin, ${target.origin}`
            : t.cfg.redact(`${target.protocol}//${host}`);
    } catch {
      where = "an address that is not a URL";
    }
  }
  const status = res.status || undefined;
  const error = new APIError(
    `${a.call.method} ${a.call.path} was answered with a redirect${status ? ` (HTTP ${status})` : ""} to ${where}: API calls do not follow redirects, which would send the call's headers and body there. Set baseUrl to the address the API answers at.`,
    { status, requestId: t.requestId(res) },
  );
  redirects.add(error);
  return error;
}

/**
 * The redirects an API call was answered with: a create's loss says nothing was created
 * (lost-create.ts). A browser hides a redirect's status (0, "opaqueredirect"), so the status
 * cannot say so.
 */
export const redirects = new WeakSet<object>();

// A header field's name (RFC 9110's token); a value may not hold CR, LF or NUL, which fetch refuses.
const TOKEN = /^[!#$%&'*+.^`|~\w-]+$/;

/** What fetch (or the request's body) threw, as the error the caller catches. */
function thrownError(t: Transport, a: Attempt, e: unknown): MonetError {
  // A success body that is not JSON is final; so is what a body threw while fetch read it (a
  // file that changed as it was sent), which fetch hands on as a cause: only the client's own
  // code throws a MonetError. (At most a few causes deep: a chain may loop.)
  for (let at = e, n = 0; at instanceof Error && n++ < 5; at = at.cause) if (at instanceof MonetError) throw at;
  if (a.opts.signal?.aborted) throw new AbortError("Aborted", { cause: a.opts.signal.reason });
  // fetch refused a header before sending anything: the caller's input, not a connection to retry.
  // Named, never quoted: a header's value may be a token.
  // (Those the client's and the call's options give, names lower-cased as they were sent: the
  // client's own, accept and the key's, are checked already.)
  for (const [given, value] of Object.entries({ ...t.cfg.defaultHeaders, ...a.opts.headers })) {
    const name = given.toLowerCase();
    if (!TOKEN.test(name) || /[\r\n\0]/.test(value))
      throw new InputValidationError([
        {
          path: `headers.${name}`,
          message: `header ${JSON.stringify(name.slice(0, 100))} must be ${TOKEN.test(name) ? "one line: its value holds a line break or NUL" : "a token (letters, digits, !#$%&'*+.^_`|~-)"}, which fetch refuses (nothing was sent)`,
        },
      ]);
  }
  const { cfg } = t;
  const { call } = a;
  const cause = cleanError(e, cfg.redact);
  // The innermost reason says what happened ("connect ECONNREFUSED 127.0.0.1:4020"), where
  // fetch's own says only "fetch failed"; with the server asked, the reader can act on it.
  let reason = cause;
  while (reason.cause instanceof Error) reason = reason.cause;
  const failure = a.limit.signal.aborted
    ? new APIConnectionTimeoutError(`No answer to ${call.method} ${call.path} within ${a.timeout} ms (per attempt, sending included)`)
    : new APIConnectionError(
        // A browser says only "Failed to fetch", whatever happened; these two are the usual causes.
        `Connection failed: ${call.method} ${cfg.baseUrl}${call.path}: ${reason.message}${isBrowser() ? " (usually a CORS refusal or a closed port)" : ""}`,
        { cause },
      );
  t.log(call, 0, a.started, a.attempt, failure.message);
  return failure;
}

// A wait's failed poll, in this chunk: loaded already by the poll's failure, so an API that
// cannot be reached (and a page that is offline) still gets its answer.
export { failedPoll } from "./failed-poll.js";
// A wait's failed task, by the same rules as a failed request's error.
export { failedTask } from "./failed-task.js";
// For a stream's error event, the same (key-tail.ts).
export { shownError } from "./key-tail.js";
