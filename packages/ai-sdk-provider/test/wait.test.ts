// Waiting for a task: the call's headers go with every status poll (as with every other API
// request of the call, never with downloads), and the wait is bounded by `waitTimeoutMs`.
import { WaitTimeoutError } from "@monet-ai/client";
import { generateImage, experimental_generateVideo as generateVideo } from "ai";
import { afterAll, beforeAll, expect, test } from "vitest";
import { createMonet } from "../src/index.js";
import { type Harness, harness, KEY, STILL } from "./helpers.js";

let h: Harness;
beforeAll(async () => {
  h = await harness({}, { taskDuration: 600 });
});
afterAll(() => h?.close());

test("the call's headers reach every API request, status polls included, and no download", async () => {
  const from = h.sent.length;
  await generateImage({ model: h.monet.image("nano-banana-1"), prompt: { text: "x", images: [STILL] }, headers: { "x-trace": "trace-1" } });
  const sent = h.sent.slice(from).map((s) => ({ call: `${s.method} ${new URL(s.url).pathname}`, trace: s.headers.get("x-trace") }));
  const api = sent.filter((s) => s.call.includes(" /api/"));
  expect(api.some((s) => s.call.startsWith("POST /api/v1/files"))).toBe(true);
  expect(api.some((s) => s.call === "POST /api/v1/tasks/async")).toBe(true);
  expect(api.filter((s) => s.call.startsWith("GET /api/v1/tasks/")).length).toBeGreaterThanOrEqual(1);
  expect(api.filter((s) => s.trace !== "trace-1")).toEqual([]);
  const downloads = sent.filter((s) => s.call.startsWith("GET /__mock/outputs/"));
  expect(downloads).toHaveLength(1);
  expect(downloads[0].trace).toBeNull();
});

test("waitTimeoutMs bounds the wait: WaitTimeoutError naming the task, which goes on on Monet", async () => {
  const slow = await harness({ waitTimeoutMs: 150 }, { taskDuration: 5000 });
  try {
    const started = Date.now();
    const error = (await generateVideo({ model: slow.monet.video("kling-2-6"), prompt: "x" }).catch((e: unknown) => e)) as WaitTimeoutError & {
      taskIds?: string[];
    };
    expect(Date.now() - started).toBeLessThan(3000);
    const task = slow.mock.state.tasks.all().at(-1)!;
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect(error.taskId).toBe(task.id);
    expect(error.taskIds).toEqual([task.id]);
    expect(error.message).toContain(`did not finish within`);
    expect(error.message).toContain(`experimental_getVideoStatus(model, { operation: "${task.id}" })`);
  } finally {
    await slow.close();
  }
  // Infinity is no limit: a task that takes its time still comes back.
  const unbounded = await generateImage({
    model: createMonet({ apiKey: KEY, baseURL: h.mock.url, pollIntervalMs: 50, waitTimeoutMs: Infinity }).image("flux-2-dev"),
    prompt: "x",
  });
  expect(unbounded.images).toHaveLength(1);
});
