// Audit s20-client F1: a failed task whose `error.message` quoted the key without its public
// `monet_` start (or a middle run of it) put the key in TaskFailedError's message and stack, from
// `wait` and `run`; the same words in an HTTP error were `[redacted]`. The error a wait throws now
// gets the failure path's rule for the key (key-run.ts), as an HTTP error does.
import { afterEach, expect, test } from "vitest";
import { type Hostile, json, startHostile } from "../../../test/support/hostile.js";
import { Monet, TaskFailedError } from "../dist/index.js";

const KEY = "monet_live_AUDITSECRET0123456789abcdefXYZ";
const M = "[redacted]";

let server: Hostile | undefined;
afterEach(() => server?.close());

test.each([
  ["its end without monet_", KEY.slice(6)],
  ["a middle run", KEY.slice(8, 36)],
])("a failed task quoting %s: wait and run throw it [redacted] in message and stack", async (_how, run) => {
  const failed = { id: "task_f1", type: "image", status: "failed", error: { code: "provider_error", message: `upstream rejected credential ${run}` } };
  server = await startHostile((req, res) => json(res, 200, req.method === "POST" ? { ...failed, status: "pending", error: undefined } : failed));
  const monet = new Monet({ apiKey: KEY, baseUrl: server.url, maxRetries: 0 });
  const errors = [
    await monet.tasks.wait("task_f1", { pollInterval: 10 }).catch((e) => e),
    await monet.tasks.run({ type: "image", input: { model: "flux-2-dev", prompt: "a cat" } }, { pollInterval: 10 }).catch((e) => e),
  ];
  for (const e of errors) {
    expect(e).toBeInstanceOf(TaskFailedError);
    expect(e.message).toBe(`Task task_f1 failed: upstream rejected credential ${M}`);
    expect(e.stack).not.toContain(run);
    expect(e.code).toBe("provider_error");
    expect(e.taskId).toBe("task_f1");
    // The task is task data, as onProgress was given it: the start path's rule only (README, Security).
    expect(e.task.error.message).toBe(`upstream rejected credential ${run}`);
  }
});
