// When an upload may be sent again. The spec gives uploads no idempotency key, so an attempt
// whose whole body went out and whose answer was then lost (a reset, a timeout waiting for the
// answer) may have been stored: sending it again would store another copy under another URL.
// Such an attempt ends the upload, saying so. Every other retryable failure is still retried: an
// answer from the server (429, 5xx) says it was not stored, and a body that never went out whole
// (a refused connection, a cut mid-body) cannot have been.
import type { Transport } from "./core.js";
import { APIConnectionError, type MonetError } from "./runtime.js";

export interface ResendGuard {
  /** The transport to send the upload with: the client's, with this rule added to its retries. */
  transport: Transport;
  /** Called as each attempt's body is made, and once its last byte is handed to fetch. */
  started(): void;
  sentWhole(): void;
  /** The failure that ended the upload, saying it may be stored when that is why it was not retried. */
  explained(e: unknown): unknown;
}

export function resendGuard(transport: Transport): ResendGuard {
  let whole = false;
  const base = transport.cfg.retry;
  const lost = (e: unknown) => whole && e instanceof APIConnectionError;
  const retry = { ...base, retryable: (e: MonetError) => !lost(e) && base.retryable(e) };
  // The same class as the client's (its own, in whichever build it came from), with this policy.
  const guarded = new (transport.constructor as typeof Transport)({ ...transport.cfg, retry });
  return {
    transport: guarded,
    started: () => {
      whole = false;
    },
    sentWhole: () => {
      whole = true;
    },
    explained: (e) => {
      if (!lost(e)) return e;
      const Same = (e as APIConnectionError).constructor as typeof APIConnectionError;
      return new Same(
        `${(e as Error).message} (the whole file was sent, then the answer was lost: it may have been stored, so it was not sent again; uploads carry no idempotency key)`,
        { cause: e },
      );
    },
  };
}
