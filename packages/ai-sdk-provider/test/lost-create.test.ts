// A create whose answer was lost (the mock drops the connection after making the task): the
// AI SDK user's error carries the key to pass again, and its message says how (the call's
// Idempotency-Key header). Doing what it says returns the same task: no second one is made.
import { APICallError } from "@ai-sdk/provider";
import { generateImage } from "ai";
import { afterAll, beforeAll, expect, test } from "vitest";
import { type Harness, harness } from "./helpers.js";

let h: Harness;
beforeAll(async () => {
  h = await harness({ maxRetries: 0 }, { taskDuration: 50 });
});
afterAll(() => h?.close());

/** The `headers` the message tells the caller to run the call again with, as an object. */
const advisedHeaders = (message: string): Record<string, string> => {
  const m = /run this call again, unchanged, with headers: (\{ "Idempotency-Key": "[^"]+" \})/.exec(message);
  expect(m, message).not.toBeNull();
  return JSON.parse((m as RegExpExecArray)[1]);
};

const dropNextCreates = (times: number) => h.mock.state.faults.add({ kind: "drop-after-create", times, path: "/api/v1/tasks/async", method: "POST" });

test.each([1, 3])(
  "n = %i, no key given, the create's answer lost: the APICallError carries idempotencyKey; the call again with it gets the same tasks, no new one",
  async (n) => {
    const before = h.mock.state.tasks.size;
    dropNextCreates(1);
    const error = (await generateImage({ model: h.monet.image("flux-1-schnell"), prompt: "lost", n }).catch((e: unknown) => e)) as APICallError & {
      idempotencyKey?: string;
    };
    expect(APICallError.isInstance(error)).toBe(true);
    const made = h.mock.state.tasks.all().slice(before);
    expect(made).toHaveLength(n); // the dropped create made its task all the same
    expect(typeof error.idempotencyKey).toBe("string");
    const headers = advisedHeaders(error.message);
    expect(headers).toEqual({ "Idempotency-Key": error.idempotencyKey });
    expect(error.message).not.toContain("idempotency_key");

    const again = await generateImage({ model: h.monet.image("flux-1-schnell"), prompt: "lost", n, headers });
    expect(h.mock.state.tasks.size).toBe(before + n);
    const ids = (again.providerMetadata.monet.images as { taskId: string }[]).map((i) => i.taskId);
    expect(new Set(ids)).toEqual(new Set(made.map((t) => t.id)));
  },
);
