// The start/status flow: with `poll`, ai 7 drives doStart (creates the task; the operation is its
// id) and doStatus (reads it); a task started in one process is checked from another.
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { experimental_generateVideo as generateVideo, experimental_getVideoStatus as getVideoStatus, experimental_startVideo as startVideo } from "ai";
import { afterAll, beforeAll, expect, test } from "vitest";
import { createMonet } from "../src/index.js";
import { type Harness, harness, isMp4, KEY } from "./helpers.js";

let h: Harness;
beforeAll(async () => {
  h = await harness({}, { taskDuration: 600 });
});
afterAll(() => h?.close());

const pkg = path.resolve(import.meta.dirname, "..");

// The AI SDK merges each doStatus metadata into the last: a completed status left the pending
// answers' progress (80) standing next to the finished video.
test.each([1, 2])("generateVideo with poll, n = %i: the final metadata says progress 100", async (n) => {
  const from = h.sent.length;
  const { providerMetadata } = await generateVideo({ model: h.monet.video("sora-2"), prompt: "x", n, poll: { intervalMs: 50, timeoutMs: 60_000 } });
  // Pending reads came first (a task takes 600 ms here), each with its progress below 100.
  expect(h.sent.slice(from).filter((r) => r.method === "GET" && r.url.includes("/api/v1/tasks/")).length).toBeGreaterThan(n);
  expect(providerMetadata?.monet?.progress).toBe(100);
});

test("generateVideo with poll goes through doStart and doStatus: one create, then status reads of that task", async () => {
  const from = h.sent.length;
  const before = h.mock.state.tasks.size;
  const { video, providerMetadata } = await generateVideo({
    model: h.monet.video("sora-2"),
    prompt: "A cat running in the park",
    poll: { intervalMs: 100, timeoutMs: 60_000 },
  });
  expect(isMp4(video.uint8Array)).toBe(true);
  expect(h.mock.state.tasks.size).toBe(before + 1);
  const task = h.mock.state.tasks.all().at(-1)!;
  const calls = h.sent.slice(from).map((s) => `${s.method} ${new URL(s.url).pathname}`);
  expect(calls.filter((c) => c === "POST /api/v1/tasks/async")).toHaveLength(1);
  // doStatus read the task until it succeeded; nothing else was created or streamed.
  expect(calls.filter((c) => c === `GET /api/v1/tasks/${task.id}`).length).toBeGreaterThanOrEqual(1);
  expect(calls.filter((c) => !c.startsWith("GET /api/v1/tasks/") && !c.startsWith("GET /__mock/outputs/"))).toEqual(["POST /api/v1/tasks/async"]);
  expect(providerMetadata.monet).toMatchObject({ taskId: task.id, model: "sora-2", status: "success" });
  // The AI SDK's own idempotency key for the start is the task's idempotency key.
  expect(JSON.parse(task.request).idempotency_key).toMatch(/^aisdk_vid_/);
});

test("startVideo returns the task id as the operation; a fresh provider (another instance, same key) reads its status", async () => {
  const { operation, providerMetadata } = await startVideo({ model: h.monet.video("kling-2-6"), prompt: "x", duration: 5 });
  const task = h.mock.state.tasks.all().at(-1)!;
  expect(operation).toBe(task.id);
  expect(providerMetadata?.monet).toMatchObject({ taskId: task.id, model: "kling-2-6" });
  const other = createMonet({ apiKey: KEY, baseURL: h.mock.url });
  const done = await (async () => {
    for (;;) {
      const s = await getVideoStatus(other.video("kling-2-6"), { operation });
      if (s.status !== "pending") return s;
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  expect(done.status).toBe("completed");
  if (done.status !== "completed") return;
  expect(done.videos).toHaveLength(1);
  expect(done.videos[0]).toMatchObject({ type: "binary", mediaType: "video/mp4" });
  expect(isMp4((done.videos[0] as { data: Uint8Array }).data)).toBe(true);
});

test("a second process (the built package, a new Node) checks a task the first one started", async () => {
  const dist = path.join(pkg, "dist/index.js");
  expect(fs.existsSync(dist), "build the package first: pnpm --filter @monet-ai/ai-sdk-provider build").toBe(true);
  const { operation } = await startVideo({ model: h.monet.video("wan-2-6"), prompt: "x" });
  const script = `
    import { experimental_getVideoStatus as getVideoStatus } from "ai";
    import { createMonet } from "@monet-ai/ai-sdk-provider";
    const monet = createMonet(); // MONET_API_KEY and MONET_BASE_URL from the environment
    for (;;) {
      const s = await getVideoStatus(monet.video("wan-2-6"), { operation: process.env.OPERATION });
      if (s.status !== "pending") {
        console.log(JSON.stringify({ status: s.status, mediaType: s.videos?.[0]?.mediaType, bytes: s.videos?.[0]?.data?.length, taskId: s.providerMetadata?.monet?.taskId }));
        break;
      }
      await new Promise((r) => setTimeout(r, 100));
    }`;
  const { stdout } = await promisify(execFile)(process.execPath, ["--input-type=module", "-e", script], {
    cwd: pkg,
    env: { ...process.env, MONET_API_KEY: KEY, MONET_BASE_URL: h.mock.url, OPERATION: String(operation) },
    timeout: 60_000,
  });
  expect(JSON.parse(stdout.trim())).toEqual({ status: "completed", mediaType: "video/mp4", bytes: expect.any(Number), taskId: operation });
}, 60_000);

test("a failed task: doStatus reports an error, and generateVideo throws it, naming the task and its reason", async () => {
  await expect(generateVideo({ model: h.monet.video("sora-2"), prompt: "[fail] please", poll: { intervalMs: 100 } })).rejects.toThrow(
    /Monet task task_\w+ failed: .*\[fail\]/,
  );
  const { operation } = await startVideo({ model: h.monet.video("sora-2"), prompt: "[fail] again" });
  const status = await (async () => {
    for (;;) {
      const s = await getVideoStatus(h.monet.video("sora-2"), { operation });
      if (s.status !== "pending") return s;
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  expect(status).toMatchObject({ status: "error", error: expect.stringContaining(String(operation)) });
});

test("an operation that is not a task id, or the id of an image task, is refused with a clear error", async () => {
  for (const operation of [{ id: 1 }, [], ["task_1", 2], ""])
    await expect(getVideoStatus(h.monet.video("sora-2"), { operation })).rejects.toThrow(
      /operation must be what doStart returned: a Monet task id, or a list of them for several videos/,
    );
  const image = await h.monet
    .image("flux-2-dev")
    .doGenerate({ prompt: "x", n: 1, size: undefined, aspectRatio: undefined, seed: undefined, files: undefined, mask: undefined, providerOptions: {} });
  const imageTask = (image.providerMetadata!.monet.images[0] as { taskId: string }).taskId;
  await expect(getVideoStatus(h.monet.video("sora-2"), { operation: imageTask })).rejects.toThrow(`Monet task ${imageTask} is an image task, not a video task`);
});

test("startVideo with a webhookUrl: an unsupported warning (Monet has no webhooks), not a URL dropped silently", async () => {
  const hooked = await startVideo({ model: h.monet.video("sora-2"), prompt: "x", webhookUrl: "https://app.example/hooks/video" });
  expect(hooked.warnings).toContainEqual(expect.objectContaining({ type: "unsupported", feature: "webhookUrl" }));
  const plain = await startVideo({ model: h.monet.video("sora-2"), prompt: "x" });
  expect(plain.warnings).toEqual([]);
});
