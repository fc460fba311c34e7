// When an upload may be sent again. The spec gives uploads no idempotency key, so an attempt
// whose whole body was handed to the connection, which then failed (a reset, a timeout waiting
// for the answer), may have been stored: sending it again would store another copy under another
// URL. Such an attempt ends the upload, saying so. Every other retryable failure is still retried:
// an answer from the server (429, 5xx) says it was not stored, a body never handed on whole (cut
// mid-body) cannot have been, nor can one whose connection never opened (refused, no such host).
// Part of the failure path (failed-attempt.ts): the transport's retry decision reads it per call.
import { isBrowser } from "./browser.js";
import type { Call } from "./core.js";
import { APIConnectionError, APIConnectionTimeoutError, type MonetError } from "./errors.js";

/**
 * The codes of a connection that never opened, as Node gives them (a browser says only
 * "Failed to fetch"): nothing was sent, so nothing can have been stored.
 */
const NEVER_OPENED = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "UND_ERR_CONNECT_TIMEOUT"]);
const neverOpened = (failure: MonetError) => {
  // (At most a few causes deep: a chain may loop.)
  for (let at: unknown = failure, n = 0; at instanceof Error && n++ < 5; at = at.cause) if (NEVER_OPENED.has((at as { code?: string }).code ?? "")) return true;
  return false;
};

/**
 * The error that ends `call`, an upload whose attempt failed with `failure`, when it may have
 * been stored; else undefined (the retry policy decides). Its message says only what is known:
 * the body was handed to the connection (in a browser, which cannot tell, that it may have been
 * sent), not that the server read it.
 */
export function mayBeStored(call: Call, failure: MonetError): MonetError | undefined {
  if (!(failure instanceof APIConnectionError) || !call.handedWhole?.() || neverOpened(failure)) return;
  // The same class as the failure (a timeout stays one), from whichever build it came.
  return new (failure.constructor as typeof APIConnectionError)(
    `${failure.message} (${isBrowser() ? "the file may have been sent" : "the whole file was handed to the connection"} before it failed: it may have been stored, so it was not sent again; uploads carry no idempotency key)`,
    { cause: failure },
  );
}

/**
 * The error of `call`, an upload whose connection closed before its whole body was handed on
 * ("write EPIPE", "read ECONNRESET", "other side closed"), saying what that means; else
 * undefined. A server refusing an upload (413, 429, 503) may answer as soon as the head arrives
 * and close without reading the rest: fetch then fails the write and drops that answer, which
 * cannot be read. What is known: the server closed first, and a body it never got whole cannot
 * have been stored. Still retried by the policy (a busy server's refusal passes).
 */
export function cutShort(call: Call, failure: MonetError): MonetError | undefined {
  if (
    !(failure instanceof APIConnectionError) ||
    failure instanceof APIConnectionTimeoutError ||
    !call.handedWhole ||
    call.handedWhole() ||
    neverOpened(failure)
  )
    return;
  return new (failure.constructor as typeof APIConnectionError)(
    `${failure.message} (the server closed the connection before the whole file was sent, so it was not stored. A server refusing an upload may answer first and close, and fetch loses that answer: 413 if the file is larger than it takes, 429 or 503 if it is busy. Send it again (maxRetries retries it), and a smaller file if it fails again)`,
    { cause: failure },
  );
}
