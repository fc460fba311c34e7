// When an upload may be sent again. The spec gives uploads no idempotency key, so an attempt
// whose whole body was handed to the connection, which then failed (a reset, a timeout waiting
// for the answer), may have been stored: sending it again would store another copy under another
// URL. Such an attempt ends the upload, saying so. Every other retryable failure is still retried:
// an answer from the server (429, 5xx) says it was not stored, and a body never handed on whole
// (a refused connection, a cut mid-body) cannot have been.
// Part of the failure path (failed-attempt.ts): the transport's retry decision reads it per call.
import type { Call } from "./core.js";
import { APIConnectionError, type MonetError } from "./errors.js";

/**
 * The error that ends `call`, an upload whose attempt failed with `failure`, when it may have
 * been stored; else undefined (the retry policy decides). Its message says only what is known:
 * the body was handed to the connection (in a browser, which cannot tell, that it may have been
 * sent), not that the server read it.
 */
export function mayBeStored(call: Call, failure: MonetError): MonetError | undefined {
  if (!(failure instanceof APIConnectionError) || !call.handedWhole?.()) return;
  // The same class as the failure (a timeout stays one), from whichever build it came.
  return new (failure.constructor as typeof APIConnectionError)(
    `${failure.message} (the whole file was sent, then the answer was lost: it may have been stored, so it was not sent again; uploads carry no idempotency key)`,
    { cause: failure },
  );
}
