// What the provider throws has the key out of its message, stack and own fields (an error it
// builds quotes task ids and URLs a server chose), with no server; its `cause` is left as it is.
import { expect, test } from "vitest";
import { hideError, keyHider } from "../src/key-hide.js";
import { KEY } from "./helpers.js";

test("hideError takes the key out of an error's message, stack and own fields, not out of its cause", () => {
  const cause = new Error(`cause ${KEY}`);
  const e = Object.assign(new Error(`task ${KEY} failed`, { cause }), { taskId: `id-${KEY}`, cause, data: { url: `https://x/${KEY}` } });
  // Read before, as a logger would: V8 then keeps the stack it formatted with the key in it.
  expect(e.stack).toContain(KEY);
  const out = hideError(e, keyHider(KEY)) as typeof e;
  expect(out).toBe(e);
  expect(out.message).toBe("task [redacted] failed");
  expect(out.stack).toContain("task [redacted] failed");
  expect(out.stack).not.toContain(KEY);
  expect(out.taskId).toBe("id-[redacted]");
  expect(out.data).toEqual({ url: "https://x/[redacted]" });
  expect(out.cause).toBe(cause);
  expect(cause.message).toBe(`cause ${KEY}`);
});

test("a thrown value that is not an Error comes back as it is", () => {
  const thrown = { message: KEY };
  expect(hideError(thrown, keyHider(KEY))).toBe(thrown);
  expect(hideError(KEY, keyHider(KEY))).toBe(KEY);
});
