// What an agent is told when the API answers 429 and asks for a wait longer than the client waits
// on its own (the retry policy retries a Retry-After of at most MAX_RETRY_AFTER_S): not a bare
// "slow down", but the wait asked for, whether anything was made, and the call to make after it.
import type { RateLimitError } from "@monet-ai/client";
import { MAX_RETRY_AFTER_S } from "@monet-ai/client/operations";
import { apiQuote } from "./api-text.js";

/** `s` seconds as a person reads them: "86400 s (24 h)". */
const during = (s: number) => (s >= 3600 ? `${s} s (${+(s / 3600).toFixed(1)} h)` : s >= 60 ? `${s} s (${+(s / 60).toFixed(1)} min)` : `${s} s`);

export interface RateLimitedCall {
  tool: string;
  /** The idempotency key a create sent, and whether it was the agent's own. */
  create?: { key: string; ownKey: boolean };
  readOnly: boolean;
  idempotent: boolean;
}

export function rateLimited(e: RateLimitError, call: RateLimitedCall): string {
  const after = e.retryAfter;
  const wait =
    after !== undefined && Number.isFinite(after)
      ? `the API asks to wait ${during(Math.ceil(after))}${after > MAX_RETRY_AFTER_S ? `, longer than this server waits on its own (${MAX_RETRY_AFTER_S} s)` : ""}`
      : "the API gave no time to wait";
  const when = after !== undefined && Number.isFinite(after) ? "once that time has passed" : "in a while";
  const next = call.create
    ? `The API refused this request, so it created no task with it (a task exists only if an earlier attempt of this call reached the API before). Call ${call.tool} again with idempotencyKey "${call.create.key}"${
        call.create.ownKey ? "" : " (the key this call sent)"
      } and the same input ${when}: it answers with the task that key made, if any, never a second one.`
    : call.readOnly
      ? `Nothing was changed: call ${call.tool} again with the same arguments ${when}.`
      : call.idempotent
        ? `It was refused, so it did not take effect; call ${call.tool} again with the same arguments ${when} (doing it twice is the same as once).`
        : `It was refused, so it did not take effect; call ${call.tool} again ${when}.`;
  return `Rate limited (${e.name}, HTTP 429; ${apiQuote(e.message)}): ${wait}. ${next}`;
}
