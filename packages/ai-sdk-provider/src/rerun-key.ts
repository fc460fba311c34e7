// A create whose answer was lost (the connection dropped, a 5xx, a timeout, an abort in flight)
// may have made its task all the same. The client's error carries that create's idempotency key
// and tells its own callers to create again with it; through the AI SDK a create is a call, and
// the way to pass a key is the call's `Idempotency-Key` header. The tasks' keys are derived from
// the call's (one task: the key itself; n: `key-0`...), so the key to pass is the call's: the same
// call again with it gets every task it made back, paid once.

import { APIError } from "@monet-ai/client";

/** `e` with `idempotencyKey` set to the call's key, and the client's advice put in the AI SDK's terms. */
export function rerunKey(e: unknown, callKey: string): unknown {
  const taskKey = (e as { idempotencyKey?: unknown } | undefined)?.idempotencyKey;
  if (!(e instanceof Error) || typeof taskKey !== "string") return e;
  // The API named the task by an id no call can follow (the client's `unfollowableTaskId`):
  // running the call again gets the same id. The client says so, with that task's own key for
  // whoever runs the API: kept as it is.
  if (e instanceof APIError && e.unfollowableTaskId !== undefined) return e;
  const advice = `run this call again, unchanged, with headers: { "Idempotency-Key": ${JSON.stringify(callKey)} } (this error's idempotencyKey)`;
  // The client's words (lost-create.ts); if they change, the AI SDK's way is added instead.
  const client = `create it again with idempotency_key ${JSON.stringify(taskKey)} (this error's idempotencyKey)`;
  if (e.message.includes(client)) e.message = e.message.replace(client, advice);
  else if (e.message.includes(JSON.stringify(taskKey))) e.message = `${e.message.replace(/\.?$/, ".")} Through the AI SDK, ${advice} to get that task`;
  return Object.assign(e, { idempotencyKey: callKey });
}
