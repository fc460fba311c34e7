// Snapshot-stable answers (audit s16-mock, finding 9): two mocks started with the same `seed` and
// `now` answer the same request sequence, made by the real client, with the same bytes (task and
// upload ids, request ids, created_at and updated_at); the defaults stay random and on the wall clock.
import { expect, test } from "vitest";
import { Monet } from "../../client/src/index.ts";
import { type MockOptions, type MockServer, startMockServer } from "../src/index.js";

/** Every answer the client got, as it came over the wire: status, X-Request-Id and body text. */
type Wire = { status: number; requestId: string | null; body: string }[];

async function session(options: MockOptions): Promise<{ wire: Wire; mock: MockServer }> {
  const mock = await startMockServer({ port: 0, taskDuration: 10_000, ...options });
  const wire: Wire = [];
  const recording: typeof fetch = async (input, init) => {
    const res = await fetch(input, init);
    wire.push({ status: res.status, requestId: res.headers.get("x-request-id"), body: await res.clone().text() });
    return res;
  };
  // Same URLs in both runs: the mock's port differs, so the output URLs name a fixed public origin.
  const monet = new Monet({ apiKey: "monet_snapshot", baseUrl: mock.url, maxRetries: 0, fetch: recording });
  // The control API over HTTP, its answers recorded too.
  const control = (path: string, body: unknown) =>
    recording(`${mock.url}/__mock/${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  try {
    const a = await monet.tasks.create({ type: "image", input: { model: "flux-2-dev", prompt: "a fox", aspect_ratio: "16:9" }, idempotency_key: "k-1" });
    const b = await monet.tasks.create({ type: "video", input: { model: "sora-2", prompt: "a river", duration: 10 }, idempotency_key: "k-2" });
    await monet.tasks.create({ type: "image", input: { model: "flux-2-dev", prompt: "a fox", aspect_ratio: "16:9" }, idempotency_key: "k-1" }); // a replay
    await monet.files.upload(new File([new Uint8Array([137, 80, 78, 71])], "ref.png", { type: "image/png" }));
    await monet.files.upload(new File([new Uint8Array([1, 2, 3])], "clip.mp4", { type: "video/mp4" }));
    await control(`tasks/${a.id}/advance`, { to: 40 });
    await monet.tasks.get(a.id);
    await control(`tasks/${a.id}/advance`, { to: "success" });
    await control(`tasks/${b.id}/advance`, { to: "failed", code: "content_policy_violation" });
    await control("advance", { ms: 2_500 });
    await monet.tasks.create({ type: "music", input: { model: "minimax-music", prompt: "rain", lyrics: "la" }, idempotency_key: "k-3" });
    await monet.tasks.get(a.id);
    await monet.tasks.get(b.id);
    await monet.tasks.list({ page: 1, pageSize: 10 });
    await monet.tasks.get("task_missing000000").catch(() => undefined); // an error body, with its request_id
  } finally {
    await mock.close();
  }
  return { wire, mock };
}

const fixed = { seed: "snapshots", now: "2026-03-01T12:00:00Z", publicUrl: "http://mock.test" } as const;

test("two mocks with the same seed and clock answer the same request sequence byte for byte", async () => {
  const first = await session(fixed);
  const second = await session(fixed);
  expect(first.wire.length).toBe(15);
  expect(second.wire).toEqual(first.wire);
  expect(first.wire.map((w) => w.status)).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 404]);
  // What made them equal is in the bodies: ids, request ids and the fixed clock's times.
  const list = JSON.parse(first.wire[13].body);
  expect(list.tasks.map((t: { created_at: string }) => t.created_at)).toEqual([
    "2026-03-01T12:00:02.500Z",
    "2026-03-01T12:00:00.000Z",
    "2026-03-01T12:00:00.000Z",
  ]);
  expect(list.tasks.map((t: { status: string }) => t.status)).toEqual(["pending", "failed", "success"]);
  expect(first.wire.map((w) => w.requestId)).toEqual(first.wire.map((_, i) => `req_${(i + 1).toString(36).padStart(6, "0")}`));
  expect(JSON.parse(first.wire[14].body).error.request_id).toBe(first.wire[14].requestId);
});

test("another seed gives other ids; no seed keeps ids random and the clock on the wall", async () => {
  const seeded = await session(fixed);
  const other = await session({ ...fixed, seed: "other" });
  const taskId = (w: Wire) => JSON.parse(w[0].body).id as string;
  const fileId = (w: Wire) => JSON.parse(w[3].body).id as string;
  expect(taskId(other.wire)).not.toBe(taskId(seeded.wire));
  expect(fileId(other.wire)).not.toBe(fileId(seeded.wire));
  // An upload id stays 128 bits in base64url, seeded or not.
  expect(fileId(seeded.wire)).toMatch(/^file_[\w-]{22}$/);

  const before = Date.now();
  const plain = [await session({}), await session({})];
  expect(taskId(plain[0].wire)).not.toBe(taskId(plain[1].wire));
  expect(fileId(plain[0].wire)).not.toBe(fileId(plain[1].wire));
  expect(Date.parse(JSON.parse(plain[0].wire[0].body).created_at)).toBeGreaterThanOrEqual(before - 1);
});
