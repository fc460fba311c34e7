// Which failed creates say "the task may have been created" (and how to get that task with the
// key instead of paying again), decided per failure with no server: an answer that refused the
// call (a 4xx other than 408 and 409) created nothing; no answer, a timeout, 408, 409 (the first
// request still running), 5xx or a 2xx that was not a task may have. Every failure before the
// task is named carries the key, and nothing that was never sent does.
import { expect, test } from "vitest";
import { APIConnectionError, APIConnectionTimeoutError, APIError, InputValidationError, type MonetError } from "../src/index.js";
import { withBodyKey, withKey } from "../src/lost-create.js";

const KEY = "4b4f0c3e-key-of-the-create";
const MAY = "The task may have been created";
const keyed = (e: unknown) => withKey(e, KEY) as MonetError & { idempotencyKey?: string };

test("no answer, a timeout, 408, 409, 5xx or a 2xx that was no task: the task may exist, and the message says how to get it", () => {
  const cause = new Error("socket hang up");
  for (const e of [
    new APIConnectionError("Connection error", { cause }),
    new APIConnectionTimeoutError("Request timed out"),
    new APIError("timeout", { status: 408 }),
    new APIError("in progress", { status: 409 }),
    new APIError("oops", { status: 500 }),
    new APIError("bad gateway", { status: 502 }),
    new APIError("not a task", { status: 200 }),
  ]) {
    const out = keyed(e);
    expect(out, e.message).toBeInstanceOf(e.constructor);
    expect(out.idempotencyKey).toBe(KEY);
    expect(out.status).toBe(e.status);
    expect(out.cause).toBe(e.cause);
    expect(out.message).toContain(MAY);
    expect(out.message).toContain(`idempotency_key "${KEY}"`);
  }
});

test("a refusal (400, 401, 403, 404, 422, 429) created nothing: the key is on the error, the message is the server's", () => {
  for (const status of [400, 401, 403, 404, 422, 429]) {
    const out = keyed(new APIError(`refused ${status}`, { status }));
    expect(out.idempotencyKey).toBe(KEY);
    expect(out.message).toBe(`refused ${status}`);
  }
});

test("nothing sent, no key, or a key already on the error: the error is left as it is", () => {
  const input = new InputValidationError([{ path: "input.prompt", message: "input.prompt is required" }]);
  expect(withKey(input, KEY)).toBe(input);
  const lost = new APIConnectionError("Connection error");
  expect(withKey(lost, undefined)).toBe(lost);
  const plain = new Error("not ours");
  expect(withKey(plain, KEY)).toBe(plain);
  const once = keyed(lost);
  expect(withKey(once, "another")).toBe(once);
});

test("a task the API named by an id no call can follow: the key is for whoever runs the API, and the marker stays", () => {
  const e = Object.assign(new APIError("unfollowable id", { status: 200 }), { unfollowableTaskId: "../x" });
  const out = keyed(e) as MonetError & { unfollowableTaskId?: string };
  expect(out.message).toContain("report it to whoever runs the API");
  expect(out.unfollowableTaskId).toBe("../x");
  expect(out.idempotencyKey).toBe(KEY);
});

test("withBodyKey reads the key the create sent from its body", () => {
  const out = withBodyKey(new APIConnectionError("Connection error"), JSON.stringify({ type: "image", idempotency_key: KEY })) as MonetError & {
    idempotencyKey?: string;
  };
  expect(out.idempotencyKey).toBe(KEY);
});
