// When an upload may be sent again. The spec gives uploads no idempotency key, so an attempt
// whose whole body was handed to the connection, which then failed (a reset, a timeout waiting
// for the answer), may have been stored: sending it again would store another copy under another
// URL. Such an attempt ends the upload, saying so. Every other retryable failure is still retried:
// an answer from the server (429, 5xx) says it was not stored, a body never handed on whole (cut
// mid-body) cannot have been, nor can one whose connection never opened (refused, no such host).
// Part of the failure path (failed-attempt.ts): the transport's retry decision reads it per call.
import { isBrowser } from "./browser.js";
import type { Call } from "./core.js";
import { APIConnectionError, type MonetError } from "./errors.js";

/**
 * The codes of a connection that never opened, as Node gives them (a browser says only
 * "Failed to fetch"): nothing was sent, so nothing can have been stored.
 */
const NEVER_OPENED = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "UND_ERR_CONNECT_TIMEOUT"]);

/**
 * The error that ends `call`, an upload whose attempt failed with `failure`, when it may have
 * been stored; else undefined (the retry policy decides). Its message says only what is known:
 * the body was handed to the connection (in a browser, which cannot tell, that it may have been
 * sent), not that the server read it.
 */
export function mayBeStored(call: Call, failure: MonetError): MonetError | undefined {
  if (!(failure instanceof APIConnectionError) || !call.handedWhole?.()) return;
  // (At most a few causes deep: a chain may loop.)
  for (let at: unknown = failure, n = 0; at instanceof Error && n++ < 5; at = at.cause) if (NEVER_OPENED.has((at as { code?: string }).code ?? "")) return;
  // The same class as the failure (a timeout stays one), from whichever build it came.
  return new (failure.constructor as typeof APIConnectionError)(
    `${failure.message} (${isBrowser() ? "the file may have been sent" : "the whole file was handed to the connection"} before it failed: it may have been stored, so it was not sent again; uploads carry no idempotency key)`,
    { cause: failure },
  );
}
