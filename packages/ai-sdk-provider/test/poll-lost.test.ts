// With `poll`, the AI SDK waits between status reads itself: an abort or `poll.timeoutMs` there
// throws the AI SDK's own error, which names no task. startedOperations(abortSignal) gives the
// operation back, so the paid tasks can still be followed.
import { experimental_generateVideo as generateVideo, experimental_getVideoStatus as getVideoStatus, experimental_startVideo as startVideo } from "ai";
import { afterAll, beforeAll, expect, test } from "vitest";
import { startedOperations } from "../src/index.js";
import { type Harness, harness, until } from "./helpers.js";

let h: Harness;
// Tasks long enough that none finishes before the call gives up, however loaded the machine is.
beforeAll(async () => {
  h = await harness({}, { taskDuration: 5000 });
});
afterAll(() => h?.close());

/** Follows an operation to its end with getVideoStatus. */
const followed = (modelId: string, operation: string | string[]) =>
  until(async () => {
    const s = await getVideoStatus(h.monet.video(modelId), { operation });
    return s.status === "pending" ? undefined : s;
  }, 40_000);

test("an abort during the AI SDK's wait between polls: the AI SDK's error names no task; startedOperations(signal) does, and it finishes", async () => {
  const before = h.mock.state.tasks.size;
  const ctrl = new AbortController();
  // The AI SDK's hook for its wait between polls: the abort lands there, after the start, deterministically.
  const delay = async (_ms: number, opts?: { abortSignal?: AbortSignal }) => {
    ctrl.abort();
    if (opts?.abortSignal?.aborted) throw new DOMException("Delay was aborted", "AbortError");
  };
  const error = (await generateVideo({ model: h.monet.video("kling-2-6"), prompt: "x", abortSignal: ctrl.signal, poll: { intervalMs: 50, delay } }).catch(
    (e: unknown) => e,
  )) as Error & { taskId?: string };
  expect(error.name).toBe("AbortError");
  expect(error.taskId).toBeUndefined();
  const [task] = h.mock.state.tasks.all().slice(before);
  expect(startedOperations(ctrl.signal)).toEqual([{ modelId: "kling-2-6", operation: task.id }]);
  const done = await followed("kling-2-6", task.id);
  expect(done.status).toBe("completed");
}, 60_000);

test("poll.timeoutMs passed with n = 2: the AI SDK's timeout error names no task; startedOperations(signal) lists both", async () => {
  const before = h.mock.state.tasks.size;
  const signal = new AbortController().signal;
  const error = (await generateVideo({
    model: h.monet.video("sora-2"),
    prompt: "x",
    n: 2,
    abortSignal: signal,
    poll: { intervalMs: 50, timeoutMs: 300 },
  }).catch((e: unknown) => e)) as Error;
  expect(error.message).toMatch(/timed out/);
  const ids = h.mock.state.tasks
    .all()
    .slice(before)
    .map((t) => t.id);
  expect(ids).toHaveLength(2);
  expect(startedOperations(signal)).toEqual([{ modelId: "sora-2", operation: ids }]);
  const done = await followed("sora-2", ids);
  expect(done.status === "completed" && done.videos).toHaveLength(2);
}, 60_000);

test("a signal no start used: no operation", () => {
  expect(startedOperations(new AbortController().signal)).toEqual([]);
});

test("one signal passed to many calls (an app-wide one) keeps the latest 16 operations, not every one", async () => {
  const signal = new AbortController().signal;
  const ops: unknown[] = [];
  for (let i = 0; i < 17; i++) ops.push((await startVideo({ model: h.monet.video("sora-2"), prompt: `x${i}`, abortSignal: signal })).operation);
  expect(startedOperations(signal).map((s) => s.operation)).toEqual(ops.slice(1));
}, 60_000);

test("without a signal, an own Idempotency-Key is the way back: startVideo with it gets the poll flow's task, creating none", async () => {
  const before = h.mock.state.tasks.size;
  const headers = { "Idempotency-Key": `poll-lost-${before}` };
  const error = (await generateVideo({ model: h.monet.video("sora-2"), prompt: "x", headers, poll: { intervalMs: 50, timeoutMs: 300 } }).catch(
    (e: unknown) => e,
  )) as Error;
  expect(error.message).toMatch(/timed out/);
  const [task] = h.mock.state.tasks.all().slice(before);
  const { operation } = await startVideo({ model: h.monet.video("sora-2"), prompt: "x", headers });
  expect(operation).toBe(task.id);
  expect(h.mock.state.tasks.size).toBe(before + 1);
}, 60_000);
