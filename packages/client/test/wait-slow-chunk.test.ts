// Audit s20-leftnet item 3: inside a wait, the failure chunk (failed-attempt.ts) loads when a
// poll's answer is not the task (task-answer.ts), when a custom `retryable` retries an error the
// start bundle made, which loaded no chunk (a bad id, refused before any request), and when the
// task failed (its TaskFailedError). None of those loads was bounded: a chunk that never finished
// loading held the wait past its waitTimeout and its caller's abort, for ever. Each now races the
// wait's deadline and signal. An app's bundle (esbuild, ESM, split, as a browser loads it) whose
// failure chunk never finishes loading (a top-level await that never settles), and that says
// when its load began: one bundle per way in, as a module is evaluated once.
import { describe, expect, test } from "vitest";
import { chunkHooks, slowChunkServers, stalledClient } from "./browser-bundle.js";

type Client = typeof import("../dist/index.js");
const servers = slowChunkServers();

const ways = [
  { way: "a poll answered with something that is not a task", id: "task_1", answer: { hello: "not a task" }, retryAll: false },
  { way: "a bad id refused before any request, retried by a custom retryable", id: "bad/id", answer: undefined, retryAll: true },
  { way: "a task that failed", id: "task_1", answer: { id: "task_1", type: "image", status: "failed", error: { code: "x", message: "no" } }, retryAll: false },
];

describe.each(ways)("$way", ({ id, answer, retryAll }) => {
  const bundled = stalledClient<Client>(["Monet", "AbortError", "WaitTimeoutError"]);

  const monet = async () => {
    const server = await servers.answering(answer);
    return new bundled.client.Monet({
      apiKey: "monet_x",
      baseUrl: server.url,
      dangerouslyAllowBrowser: true,
      ...(retryAll && { retry: { retryable: () => true } }),
    });
  };

  test("an abort while the wait loads the failure chunk ends the wait at once, with an AbortError naming the task", async () => {
    const m = await monet();
    const ctrl = new AbortController();
    chunkHooks.monetFailureChunkLoading = () => ctrl.abort(new Error("user left"));
    const err = await m.tasks.wait(id, { signal: ctrl.signal, pollInterval: 10 }).catch((e) => e);
    expect(err).toBeInstanceOf(bundled.client.AbortError);
    expect(String(err.cause)).toContain("user left");
    expect(err.taskId).toBe(id);
  });

  test("the waitTimeout ends a wait whose failure chunk does not load, with a WaitTimeoutError naming the task", async () => {
    // (The chunk began loading in the test above and never finishes: a module is evaluated once.)
    const m = await monet();
    const err = await m.tasks.wait(id, { waitTimeout: 300, pollInterval: 10 }).catch((e) => e);
    expect(err).toBeInstanceOf(bundled.client.WaitTimeoutError);
    expect(err.message).toBe(`Task ${id} did not finish within 300 ms`);
    expect(err.taskId).toBe(id);
    // At most one poll: the wait never got as far as the next.
    expect(servers.current?.seen.length).toBeLessThanOrEqual(1);
  });
});

// s21 item 4: onProgress is called with the final task before the wait loads the failure chunk
// for its TaskFailedError. An abort from there came before that load's race had set its handler,
// and a signal fires once: a chunk that never loaded then held the wait for ever.
describe("an abort from onProgress, given the final failed task, while the failure chunk never loads", () => {
  const bundled = stalledClient<Client>(["Monet", "AbortError"]);

  test("ends the wait at once, with an AbortError naming the task", async () => {
    const failed = { id: "task_1", type: "image", status: "failed", error: { code: "x", message: "no" } };
    const server = await servers.answering(failed);
    const m = new bundled.client.Monet({ apiKey: "monet_x", baseUrl: server.url, dangerouslyAllowBrowser: true });
    const ctrl = new AbortController();
    const err = await m.tasks
      .wait("task_1", { signal: ctrl.signal, pollInterval: 10, onProgress: (t) => t.status === "failed" && ctrl.abort(new Error("user left")) })
      .catch((e) => e);
    expect(err).toBeInstanceOf(bundled.client.AbortError);
    expect(String(err.cause)).toContain("user left");
    expect(err.taskId).toBe("task_1");
  });
});
