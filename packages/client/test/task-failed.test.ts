// Audit s17-client L4 and L5: what a server sent in a failed task's `error`, or in an error
// answer's message, read as it came. A string `error` gave "Task task_1 failed: undefined", an
// object `code` became `err.code` (typed string), and a 5 MB message became a 5 MB error message.
// Messages now quote the server's text cut to a bound (QUOTE_MAX), saying how much was left out;
// the whole text stays on the task (`err.task.error`).
import { afterEach, expect, test } from "vitest";
import { type Hostile, json, startHostile } from "../../../test/support/hostile.js";
import { BadRequestError, Monet, TaskFailedError } from "../dist/index.js";
import { QUOTE_MAX } from "../src/server-text.js";

let server: Hostile | undefined;
afterEach(() => server?.close());

async function failedWith(error: unknown) {
  const task = { id: "task_1", type: "image", status: "failed", error };
  server = await startHostile((_req, res) => json(res, 200, task));
  const monet = new Monet({ apiKey: "monet_test", baseUrl: server.url, maxRetries: 0 });
  const err = await monet.tasks.wait("task_1", { pollInterval: 10 }).catch((e) => e);
  expect(err).toBeInstanceOf(TaskFailedError);
  // The task is kept as the server sent it.
  expect(err.task).toEqual(task);
  await server.close();
  return err as TaskFailedError;
}

test.each([
  ["a string", "quota exceeded", "Task task_1 failed: quota exceeded", undefined],
  ["an object with a message and a code", { code: "nsfw", message: "refused" }, "Task task_1 failed: refused", "nsfw"],
  ["an object whose code is not a string", { code: { x: 1 }, message: "refused" }, "Task task_1 failed: refused", undefined],
  ["an object with a numeric code and no message", { code: 42 }, "Task task_1 failed", undefined],
  ["an object with only a code", { code: "timeout" }, "Task task_1 failed", "timeout"],
  ["nothing", undefined, "Task task_1 failed", undefined],
])("a failed task whose error is %s: the message and code make sense", async (_what, error, message, code) => {
  const err = await failedWith(error);
  expect(err.message).toBe(message);
  expect(err.code).toBe(code);
  expect(err.taskId).toBe("task_1");
});

test("a failed task's 5 MB error message is cut in the error's message, saying how much was left out", async () => {
  const long = "x".repeat(5_000_000);
  const err = await failedWith({ code: "big", message: long });
  expect(err.message).toBe(`Task task_1 failed: ${"x".repeat(QUOTE_MAX)}… (${5_000_000 - QUOTE_MAX} more characters)`);
  expect(err.task.error?.message).toHaveLength(5_000_000);
});

test("an error answer's 5 MB message is cut the same way; a short one is quoted whole", async () => {
  const long = "y".repeat(5_000_000);
  server = await startHostile((req, res) => json(res, 400, { error: { code: "bad", message: req.url?.includes("short") ? "bad prompt" : long } }));
  const monet = new Monet({ apiKey: "monet_test", baseUrl: server.url, maxRetries: 0 });
  const err = await monet.tasks.get("task_long").catch((e) => e);
  expect(err).toBeInstanceOf(BadRequestError);
  expect(err.message).toBe(`${"y".repeat(QUOTE_MAX)}… (${5_000_000 - QUOTE_MAX} more characters)`);
  expect(err.code).toBe("bad");
  expect((await monet.tasks.get("task_short").catch((e) => e)).message).toBe("bad prompt");
});

test("a GET of a 10,000-character id answered with another task names the id asked for cut short", async () => {
  server = await startHostile((_req, res) => json(res, 200, { id: "task_other", status: "pending" }));
  const monet = new Monet({ apiKey: "monet_test", baseUrl: server.url, maxRetries: 0 });
  const err = await monet.tasks.get("a".repeat(10_000)).catch((e) => e);
  expect(err.message).toBe(`the server answered a GET of task ${"a".repeat(100)}… (9900 more characters) with another task, "task_other"`);
  // The whole id stays on the error, for the caller's own code.
  expect(err.taskId).toHaveLength(10_000);
});
