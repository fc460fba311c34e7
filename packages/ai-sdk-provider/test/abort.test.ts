// Aborting mid-task: the call stops at once, the error names the task (Monet has no cancel
// operation, so the task goes on and its outputs stay available), and that task can be checked later.
import { generateImage, experimental_generateVideo as generateVideo, experimental_getVideoStatus as getVideoStatus } from "ai";
import { afterAll, beforeAll, expect, test } from "vitest";
import { createMonet } from "../src/index.js";
import { type Harness, harness, KEY, STILL, until } from "./helpers.js";

let h: Harness;

/** The task the call created, once the call knows it too (it has begun polling it). */
const running = (before: number) =>
  until(() => {
    const t = h.mock.state.tasks.all()[before];
    return t && h.sent.some((s) => s.method === "GET" && s.url.endsWith(`/api/v1/tasks/${t.id}`)) ? t : undefined;
  });
/** The call's `n` tasks, once it polls every one of them (all created: the abort lands in the wait, not the creates). */
const allRunning = (before: number, n: number) =>
  until(() => {
    const tasks = h.mock.state.tasks.all().slice(before);
    const polled = (id: string) => h.sent.some((s) => s.method === "GET" && s.url.endsWith(`/api/v1/tasks/${id}`));
    return tasks.length === n && tasks.every((t) => polled(t.id)) ? tasks : undefined;
  });
// Long tasks, so the abort lands while the task is running however loaded the machine is.
beforeAll(async () => {
  h = await harness({}, { taskDuration: 4000 });
});
afterAll(() => h?.close());

test("abort while a video task runs: AbortError naming the task; the task is not lost and finishes on Monet", async () => {
  const before = h.mock.state.tasks.size;
  const ctrl = new AbortController();
  const call = generateVideo({ model: h.monet.video("kling-2-6"), prompt: "x", abortSignal: ctrl.signal }).catch((e: unknown) => e);
  const task = await running(before);
  ctrl.abort();
  const error = (await call) as Error & { taskId?: string };
  expect(error.name).toBe("AbortError");
  expect(error.taskId).toBe(task.id);
  expect(error.message).toContain(`Aborted while waiting for Monet task ${task.id}`);
  expect(error.message).toContain(`experimental_getVideoStatus(model, { operation: "${task.id}" })`);
  expect(h.mock.state.tasks.size).toBe(before + 1);
  // The task goes on: its id is enough to follow it to the end and get the video.
  const model = h.monet.video("kling-2-6");
  const done = await until(async () => {
    const s = await getVideoStatus(model, { operation: task.id });
    return s.status === "pending" ? undefined : s;
  }, 30_000);
  expect(done.status).toBe("completed");
}, 60_000);

test("abort while an image task runs: the same, with the client's tasks.get as the way back", async () => {
  const before = h.mock.state.tasks.size;
  const ctrl = new AbortController();
  const call = generateImage({ model: h.monet.image("flux-2-dev"), prompt: "x", abortSignal: ctrl.signal }).catch((e: unknown) => e);
  const task = await running(before);
  ctrl.abort();
  const error = (await call) as Error & { taskId?: string };
  expect(error.name).toBe("AbortError");
  expect(error.taskId).toBe(task.id);
  expect(error.message).toContain(`monet.tasks.get("${task.id}")`);
  expect(h.mock.state.tasks.size).toBe(before + 1);
}, 60_000);

test("an aborted signal before the call: nothing is created", async () => {
  const before = h.mock.state.tasks.size;
  const error = await generateVideo({ model: h.monet.video("kling-2-6"), prompt: "x", abortSignal: AbortSignal.abort() }).catch((e: unknown) => e);
  expect((error as Error).name).toBe("AbortError");
  expect(h.mock.state.tasks.size).toBe(before);
});

test("abort while n = 3 image tasks run: the AbortError names all three (taskIds), not just one", async () => {
  const before = h.mock.state.tasks.size;
  const ctrl = new AbortController();
  const call = generateImage({ model: h.monet.image("flux-1-schnell"), prompt: "x", n: 3, abortSignal: ctrl.signal }).catch((e: unknown) => e);
  await allRunning(before, 3);
  ctrl.abort();
  const error = (await call) as Error & { taskId?: string; taskIds?: string[] };
  const created = h.mock.state.tasks
    .all()
    .slice(before)
    .map((t) => t.id);
  expect(created).toHaveLength(3);
  expect(error.name).toBe("AbortError");
  expect([...(error.taskIds ?? [])].sort()).toEqual([...created].sort());
  // taskId, for code that reads one: the first task of the call.
  expect(error.taskId).toBe(error.taskIds?.[0]);
  expect(error.message).toContain(`Aborted while waiting for Monet tasks ${error.taskIds?.join(", ")} (flux-1-schnell)`);
  expect(error.message).toContain("monet.tasks.get(id) for each");
}, 60_000);

test("abort while n = 3 video tasks run: the error's task ids are an operation that getVideoStatus follows to all three videos", async () => {
  const before = h.mock.state.tasks.size;
  const ctrl = new AbortController();
  const call = generateVideo({ model: h.monet.video("wan-2-5"), prompt: "x", n: 3, abortSignal: ctrl.signal }).catch((e: unknown) => e);
  await allRunning(before, 3);
  ctrl.abort();
  const error = (await call) as Error & { taskIds?: string[] };
  expect(error.name).toBe("AbortError");
  expect(error.taskIds).toHaveLength(3);
  expect(error.message).toContain(`experimental_getVideoStatus(model, { operation: ${JSON.stringify(error.taskIds)} })`);
  const model = h.monet.video("wan-2-5");
  const done = await until(async () => {
    const s = await getVideoStatus(model, { operation: error.taskIds ?? [] });
    return s.status === "pending" ? undefined : s;
  }, 30_000);
  expect(done.status).toBe("completed");
  expect(done.status === "completed" && done.videos).toHaveLength(3);
}, 60_000);

test("an abortSignal aborted before the call: AbortError saying nothing was sent, no advice to look for a task", async () => {
  const sent = h.sent.length;
  const before = h.mock.state.tasks.size;
  const ctrl = new AbortController();
  ctrl.abort();
  const error = (await generateImage({ model: h.monet.image("flux-1-schnell"), prompt: "x", abortSignal: ctrl.signal }).catch((e: unknown) => e)) as Error & {
    idempotencyKey?: string;
  };
  expect(error.name).toBe("AbortError");
  expect(error.message).toBe("Aborted before anything was sent (flux-1-schnell): the abortSignal was already aborted, so no upload and no task were made");
  expect(error.idempotencyKey).toBeUndefined();
  expect(h.sent.length).toBe(sent);
  expect(h.mock.state.tasks.size).toBe(before);
});

test('an abort while the input image uploads: AbortError saying no task was made (not a bare "Aborted")', async () => {
  const before = h.mock.state.tasks.size;
  const ctrl = new AbortController();
  // The abort lands as the upload is sent: the stage is certain, whatever the machine's load.
  const abortingUpload: typeof fetch = (input, init) => {
    if (String(input).includes("/files")) ctrl.abort();
    return fetch(input, init);
  };
  const monet = createMonet({ apiKey: KEY, baseURL: h.mock.url, fetch: abortingUpload, pollIntervalMs: 50 });
  const error = (await generateImage({ model: monet.image("nano-banana-1"), prompt: { text: "x", images: [STILL] }, abortSignal: ctrl.signal }).catch(
    (e: unknown) => e,
  )) as Error & { taskId?: string };
  expect(error.name).toBe("AbortError");
  expect(error.message).toBe("Aborted while uploading the input media (nano-banana-1): no task was made");
  expect(error.taskId).toBeUndefined();
  expect(h.mock.state.tasks.size).toBe(before);
});

test("an abort while a finished task's output downloads: the AbortError says the task succeeded (not that it goes on), naming it", async () => {
  const before = h.mock.state.tasks.size;
  const ctrl = new AbortController();
  // The abort lands as the output download is sent (the only request outside the API).
  const abortingDownload: typeof fetch = (input, init) => {
    if (!new URL(String(input)).pathname.startsWith("/api/")) ctrl.abort();
    return fetch(input, init);
  };
  const monet = createMonet({ apiKey: KEY, baseURL: h.mock.url, fetch: abortingDownload, pollIntervalMs: 50 });
  const error = (await generateImage({ model: monet.image("flux-2-dev"), prompt: "x", abortSignal: ctrl.signal }).catch((e: unknown) => e)) as Error & {
    taskId?: string;
  };
  const [task] = h.mock.state.tasks.all().slice(before);
  expect(error.name).toBe("AbortError");
  expect(error.taskId).toBe(task.id);
  expect(error.message).toBe(
    `Aborted while downloading the outputs of Monet task ${task.id} (flux-2-dev), which succeeded: its outputs stay available: check it with @monet-ai/client's monet.tasks.get("${task.id}")`,
  );
}, 60_000);
