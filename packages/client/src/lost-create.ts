// A create that failed before the API named its task: the task may exist all the same (its answer
// was lost, the server timed out after creating it, the caller aborted after it was sent). Its
// idempotency key is the only handle on it, and the client made it up (a fresh UUID) unless the
// caller gave one: the error carries it, and says what to do with it, so creating again finds the
// task instead of paying for a second one. Loaded on such a failure only.
import { type APIError, InputValidationError, MonetError, TaskFailedError } from "./errors.js";
import { redirects } from "./failed-attempt.js";

/**
 * `e` with `idempotencyKey`: an error of the same class with the same fields and cause (its
 * message built anew, so its stack says it too). A refusal of the caller's own input is left as
 * it is: nothing was sent.
 */
export function withKey(e: unknown, key: unknown): unknown {
  // (A task that failed has its id: not a create's loss.)
  if (!(e instanceof MonetError) || e instanceof InputValidationError || e instanceof TaskFailedError || typeof key !== "string" || e.idempotencyKey) return e;
  const s = e.status ?? 0;
  // A redirect or a 4xx refusal (bad request, key, permission; rate limit) created nothing: only
  // the key is added. A 2xx (an answer that was not a task), 408, 409 (the first request still
  // running), 5xx, a lost connection, a timeout, an abort: the task may exist.
  const mayExist = !redirects.has(e) && (s < 300 || s >= 500 || s === 408 || s === 409);
  const said = `${e.message.replace(/\.?$/, ".")} The task may have been created`;
  // The API named the task, by an id no call can follow (error-answer.ts, stream.ts): creating it
  // again with the key gets the same id, so the key is for whoever runs the API.
  const refused = (e as APIError).unfollowableTaskId;
  const message = !mayExist
    ? e.message
    : refused !== undefined
      ? `${said}, but creating it again (idempotency_key ${JSON.stringify(key)}, this error's idempotencyKey) gets the same answer: report it to whoever runs the API, with that key`
      : `${said}: create it again with idempotency_key ${JSON.stringify(key)} (this error's idempotencyKey) to get that task instead of paying for a second one`;
  const out = new (e.constructor as new (m: string, i: object) => MonetError)(message, {
    ...e,
    cause: e.cause,
  });
  // The constructor copies the base fields only: the marker is carried over here.
  return Object.assign(out, refused === undefined ? {} : { unfollowableTaskId: refused }, { idempotencyKey: key });
}

/** `withKey` for a create's request body (JSON with the key in `idempotency_key`). */
export const withBodyKey = (e: unknown, body: string) => withKey(e, (JSON.parse(body) as { idempotency_key?: unknown }).idempotency_key);
