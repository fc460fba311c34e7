// n > 1: one call makes all n tasks, each keyed from the caller's Idempotency-Key (so running the
// same call again re-attaches to the same n tasks), a few creates at a time; a split the user
// forces together with a key is refused (its parts could not be told apart); an error names
// every task the call created.
import { APICallError, InvalidArgumentError } from "@ai-sdk/provider";
import {
  generateImage,
  experimental_generateVideo as generateVideo,
  experimental_getVideoStatus as getVideoStatus,
  experimental_startVideo as startVideo,
} from "ai";
import { afterAll, beforeAll, expect, test } from "vitest";
import { createMonet, NotFoundError, TaskFailedError } from "../src/index.js";
import { type Harness, harness, isMp4, isPng, KEY, STILL } from "./helpers.js";

let h: Harness;
beforeAll(async () => {
  h = await harness();
});
afterAll(() => h?.close());

const newKey = () => `key-${crypto.randomUUID()}`;
const keyOf = (t: { request: string }) => JSON.parse(t.request).idempotency_key as string;
/** The tasks created since `before`, by their idempotency keys (creates of one call may land in any order). */
const createdSince = (before: number) => [...h.mock.state.tasks.all().slice(before)].sort((a, b) => keyOf(a).localeCompare(keyOf(b)));
const imageIds = (r: { providerMetadata: Record<string, { images?: unknown }> }) =>
  (r.providerMetadata.monet.images as { taskId: string }[]).map((i) => i.taskId);
const videoIds = (r: { providerMetadata: Record<string, { videos?: unknown }> }) =>
  (r.providerMetadata.monet.videos as { taskId: string }[]).map((v) => v.taskId);

test("generateImage n = 2 with an Idempotency-Key: two tasks keyed from it; the same call again re-attaches to them and creates nothing", async () => {
  const key = newKey();
  const before = h.mock.state.tasks.size;
  const call = () => generateImage({ model: h.monet.image("flux-1-schnell"), prompt: "two", n: 2, headers: { "Idempotency-Key": key } });
  const first = await call();
  const tasks = createdSince(before);
  expect(tasks.map(keyOf)).toEqual([`${key}-0`, `${key}-1`]);
  expect(first.images).toHaveLength(2);
  expect(first.images.every((i) => isPng(i.uint8Array))).toBe(true);
  expect(imageIds(first)).toEqual(tasks.map((t) => t.id));
  // A re-run (after a crash, say) pays nothing twice: the same two tasks come back.
  const again = await call();
  expect(h.mock.state.tasks.size).toBe(before + 2);
  expect(imageIds(again)).toEqual(imageIds(first));
});

test("generateVideo n = 2 with an Idempotency-Key: two tasks keyed from it, two different videos", async () => {
  const key = newKey();
  const before = h.mock.state.tasks.size;
  const { videos, providerMetadata } = await generateVideo({ model: h.monet.video("wan-2-5"), prompt: "waves", n: 2, headers: { "idempotency-key": key } });
  const tasks = createdSince(before);
  expect(tasks.map(keyOf)).toEqual([`${key}-0`, `${key}-1`]);
  expect(videos).toHaveLength(2);
  expect(videoIds({ providerMetadata })).toEqual(tasks.map((t) => t.id));
});

test("generateVideo n = 2 with poll: one start makes both tasks (keyed from the caller's key, or the AI SDK's), and the status reads them together", async () => {
  for (const headers of [{ "Idempotency-Key": newKey() }, undefined]) {
    const before = h.mock.state.tasks.size;
    const { videos, providerMetadata } = await generateVideo({ model: h.monet.video("sora-2"), prompt: "x", n: 2, headers, poll: { intervalMs: 50 } });
    const tasks = createdSince(before);
    const root = headers?.["Idempotency-Key"] ?? keyOf(tasks[0]).slice(0, -2);
    if (!headers) expect(root).toMatch(/^aisdk_vid_/);
    expect(tasks.map(keyOf)).toEqual([`${root}-0`, `${root}-1`]);
    expect(videos).toHaveLength(2);
    expect(videos.every((v) => isMp4(v.uint8Array))).toBe(true);
    expect(new Set(videoIds({ providerMetadata }))).toEqual(new Set(tasks.map((t) => t.id)));
  }
});

test("startVideo n = 2: the operation lists both task ids, and getVideoStatus follows them to two videos", async () => {
  const before = h.mock.state.tasks.size;
  const { operation, providerMetadata } = await startVideo({ model: h.monet.video("kling-2-6"), prompt: "x", n: 2 });
  const ids = h.mock.state.tasks
    .all()
    .slice(before)
    .map((t) => t.id);
  expect(ids).toHaveLength(2);
  expect([...(operation as string[])].sort()).toEqual([...ids].sort());
  expect(providerMetadata?.monet).toMatchObject({ taskIds: operation, model: "kling-2-6" });
  const model = h.monet.video("kling-2-6");
  let status = await getVideoStatus(model, { operation });
  while (status.status === "pending") {
    await new Promise((r) => setTimeout(r, 50));
    status = await getVideoStatus(model, { operation });
  }
  expect(status.status).toBe("completed");
  if (status.status !== "completed") return;
  expect(status.videos).toHaveLength(2);
  expect(status.providerMetadata?.monet).toMatchObject({ taskIds: operation });
});

test.each([
  [
    "generateImage",
    "maxImagesPerCall",
    (headers: Record<string, string>) => generateImage({ model: h.monet.image("flux-1-schnell"), prompt: "x", n: 2, maxImagesPerCall: 1, headers }),
  ],
  [
    "generateVideo",
    "maxVideosPerCall",
    (headers: Record<string, string>) => generateVideo({ model: h.monet.video("wan-2-5"), prompt: "x", n: 2, maxVideosPerCall: 1, headers }),
  ],
  [
    "generateVideo with poll",
    "maxVideosPerCall",
    (headers: Record<string, string>) =>
      generateVideo({ model: h.monet.video("wan-2-5"), prompt: "x", n: 3, maxVideosPerCall: 1, headers, poll: { intervalMs: 50 } }),
  ],
])("%s with n split by the user (%s: 1) and an Idempotency-Key: every part refused, naming the split, and nothing sent", async (_, perCall, call) => {
  const tasks = h.mock.state.tasks.size;
  const requests = h.sent.length;
  const key = newKey();
  const error = await call({ "Idempotency-Key": key }).catch((e: unknown) => e);
  expect(InvalidArgumentError.isInstance(error), String(error)).toBe(true);
  expect((error as InvalidArgumentError).argument).toBe("Idempotency-Key");
  expect((error as Error).message).toContain(
    `Idempotency-Key "${key}" came with calls started together in this process: all were refused before anything was sent`,
  );
  expect((error as Error).message).toContain(`raise ${perCall} to n or leave it unset`);
  // No part ran alone: its task would have been paid for and never handed back by the failed call.
  expect(h.mock.state.tasks.size).toBe(tasks);
  expect(h.sent.slice(requests)).toEqual([]);
  // The key is free again once the refused calls are over: the same call without the split works.
  const fine = await generateImage({ model: h.monet.image("flux-1-schnell"), prompt: "x", n: 2, headers: { "Idempotency-Key": key } });
  expect(fine.images).toHaveLength(2);
});

// Before, both were refused (the first one after it had uploaded its still), and no task was made.
test("a retry sent while the first call runs: the first goes on and succeeds, only the retry is refused, before sending anything", async () => {
  const key = newKey();
  const files = h.mock.state.files.list(h.mock.url).length;
  const before = h.mock.state.tasks.size;
  const run = () =>
    generateVideo({ model: h.monet.video("kling-2-6"), prompt: { image: STILL, text: "orbit" }, duration: 5, headers: { "Idempotency-Key": key } });
  const first = run();
  // A retry comes later than the parts of a split, which start together (5 ms, as the audit's double submit).
  await new Promise((r) => setTimeout(r, 5));
  const retry = await run().catch((e: unknown) => e);
  expect(InvalidArgumentError.isInstance(retry), String(retry)).toBe(true);
  expect((retry as Error).message).toContain("that call goes on");
  const { video } = await first;
  expect(isMp4(video.uint8Array)).toBe(true);
  // One upload (the first call's) and one task: the retry sent nothing.
  expect(h.mock.state.files.list(h.mock.url)).toHaveLength(files + 1);
  expect(createdSince(before).map(keyOf)).toEqual([key]);
});

// Before, both were refused, blaming a split of n that did not happen: the user got no image.
test("a double submit (two calls with one Idempotency-Key started together, n = 1): the first goes on, the second is refused alone", async () => {
  const key = newKey();
  const before = h.mock.state.tasks.size;
  const call = () => generateImage({ model: h.monet.image("flux-1-schnell"), prompt: "x", headers: { "Idempotency-Key": key } });
  const [first, second] = await Promise.allSettled([call(), call()]);
  expect(first.status).toBe("fulfilled");
  expect(second.status).toBe("rejected");
  const refused = (second as PromiseRejectedResult).reason as Error;
  expect(InvalidArgumentError.isInstance(refused), String(refused)).toBe(true);
  expect(refused.message).toContain("that call goes on");
  expect(refused.message).not.toContain("splits n");
  expect(createdSince(before).map(keyOf)).toEqual([key]);
});

test("a split without a key still works: the parts are distinct calls", async () => {
  const before = h.mock.state.tasks.size;
  const { images } = await generateImage({ model: h.monet.image("flux-1-schnell"), prompt: "x", n: 2, maxImagesPerCall: 1 });
  expect(images).toHaveLength(2);
  expect(h.mock.state.tasks.size).toBe(before + 2);
});

test("at most 4 creates of one call are in flight at once (n = 6)", async () => {
  let inFlight = 0;
  let most = 0;
  const counting: typeof fetch = async (input, init) => {
    const create = init?.method === "POST" && String(input).endsWith("/api/v1/tasks/async");
    if (create) most = Math.max(most, ++inFlight);
    try {
      return await fetch(input, init);
    } finally {
      if (create) inFlight--;
    }
  };
  // Slow creates, so the calls overlap however fast the machine is.
  h.mock.state.faults.add({ kind: "latency", ms: 150, times: 6, path: "/api/v1/tasks/async", method: "POST" });
  const before = h.mock.state.tasks.size;
  const monet = createMonet({ apiKey: KEY, baseURL: h.mock.url, fetch: counting, pollIntervalMs: 50 });
  const { images } = await generateImage({ model: monet.image("flux-1-schnell"), prompt: "x", n: 6 });
  expect(images).toHaveLength(6);
  expect(h.mock.state.tasks.size).toBe(before + 6);
  expect(most).toBe(4);
});

test("a create refused midway (its key taken by another request): the error names the tasks created before it", async () => {
  const key = newKey();
  // The third task's key already belongs to a different request: its create gets 409.
  const taken = await fetch(`${h.mock.url}/api/v1/tasks/async`, {
    method: "POST",
    headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" },
    body: JSON.stringify({ type: "image", input: { model: "flux-1-schnell", prompt: "another request" }, idempotency_key: `${key}-2` }),
  });
  expect(taken.status).toBe(200);
  const before = h.mock.state.tasks.size;
  const error = (await generateImage({ model: h.monet.image("flux-1-schnell"), prompt: "x", n: 3, headers: { "Idempotency-Key": key } }).catch(
    (e: unknown) => e,
  )) as Error & { status?: number; taskId?: string; taskIds?: string[] };
  const created = createdSince(before);
  expect(created.map(keyOf)).toEqual([`${key}-0`, `${key}-1`]);
  expect(error.status).toBe(409);
  expect(error.taskIds).toEqual(created.map((t) => t.id));
  expect(error.taskId).toBe(created[0].id);
  for (const t of created) expect(error.message).toContain(t.id);
});

test("one task of n fails: the TaskFailedError says why and names every task of the call", async () => {
  const before = h.mock.state.tasks.size;
  const error = (await generateVideo({ model: h.monet.video("wan-2-5"), prompt: "[fail] x", n: 2 }).catch((e: unknown) => e)) as TaskFailedError & {
    taskIds?: string[];
  };
  const created = h.mock.state.tasks.all().slice(before);
  expect(error).toBeInstanceOf(TaskFailedError);
  expect(error.task.status).toBe("failed");
  expect(error.taskId).toBe(error.task.id);
  expect([...(error.taskIds ?? [])].sort()).toEqual(created.map((t) => t.id).sort());
  for (const t of created) expect(error.message).toContain(t.id);
  expect(error.message).toContain("experimental_getVideoStatus(model, { operation: [");
});

test("one task of three is gone (404) while the others succeed: the error names all three, the others can be fetched", async () => {
  // A mock that keeps 2 tasks: the third create evicts the first, whose status read then gets 404.
  const small = await harness({}, { maxTasks: 2, taskDuration: 300 });
  try {
    const error = (await generateImage({ model: small.monet.image("flux-1-schnell"), prompt: "x", n: 3 }).catch((e: unknown) => e)) as APICallError & {
      taskId?: string;
      taskIds?: string[];
    };
    // The AI SDK's error for a failed request, the client's typed one as its cause.
    expect(APICallError.isInstance(error)).toBe(true);
    expect(error.statusCode).toBe(404);
    expect(error.cause).toBeInstanceOf(NotFoundError);
    const kept = small.mock.state.tasks.all().map((t) => t.id);
    expect(kept).toHaveLength(2);
    expect(error.taskIds).toHaveLength(3);
    expect(error.taskIds).toEqual(expect.arrayContaining(kept));
    // taskId is the task the error is about: the one the mock no longer has.
    expect(kept).not.toContain(error.taskId);
    for (const id of error.taskIds ?? []) expect(error.message).toContain(id);
  } finally {
    await small.close();
  }
});
