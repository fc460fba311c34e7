// Where the reference shows an answer, the mock sends that answer's fields and no more: a frontend
// that reads a field the reference does not promise (`task.outputs.length` on a fresh task, an
// upload's `expires_at`) must fail on the mock as it would on the real API. The expected keys are
// the spec's examples of those answers (copied from the reference), not a list restated here.
import { afterAll, beforeAll, expect, test } from "vitest";
import { parseSse } from "../../../test/support/sse.ts";
import { successExamples } from "../src/generated/success-examples.gen.js";
import { type MockServer, startMockServer } from "../src/index.js";

const KEY = "monet_shapes";
const json = { authorization: `Bearer ${KEY}`, "content-type": "application/json" };
const keysOf = (o: object) => Object.keys(o).sort();
const body = (model = "sora-2") => JSON.stringify({ type: "video", input: { model, prompt: "A cat" }, idempotency_key: crypto.randomUUID() });
let mock: MockServer;

beforeAll(async () => {
  // Pending for the first tenth of a task: a minute here, so every read below sees it pending.
  mock = await startMockServer({ port: 0, taskDuration: 600_000 });
});
afterAll(() => mock.close());

test("a create answers the reference's {id, status, type, created_at}: no outputs, no updated_at", async () => {
  const res = await fetch(`${mock.url}/api/v1/tasks/async`, { method: "POST", headers: json, body: body() });
  const task = await res.json();
  expect(keysOf(task)).toEqual(keysOf(successExamples.createTask.body as object));
  expect(task.status).toBe("pending");
  // Read back while pending (get, list, a replay of the create): the same shape.
  const got = await (await fetch(`${mock.url}/api/v1/tasks/${task.id}`, { headers: json })).json();
  expect(keysOf(got)).toEqual(keysOf(task));
  const list = await (await fetch(`${mock.url}/api/v1/tasks/list`, { headers: json })).json();
  expect(keysOf(list.tasks[0])).toEqual(keysOf(task));
});

test("the stream's created event carries the same pending task as the spec's example", async () => {
  const res = await fetch(`${mock.url}/api/v1/tasks/sync`, { method: "POST", headers: { ...json, accept: "text/event-stream" }, body: body() });
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  let text = "";
  while (!text.includes("\n\n")) {
    const { value, done } = await reader.read();
    if (done) break;
    text += new TextDecoder().decode(value);
  }
  await reader.cancel();
  const [created] = parseSse(text);
  expect(created.event).toBe("created");
  expect(keysOf((created.data as { task: object }).task)).toEqual(keysOf(successExamples.createTask.body as object));
});

test("an upload answers the reference's fields, without expires_at; the control listing shows the expiry", async () => {
  const form = new FormData();
  form.append("file", new Blob([new Uint8Array(10)], { type: "image/png" }), "a.png");
  const f = await (await fetch(`${mock.url}/api/v1/files`, { method: "POST", headers: { authorization: `Bearer ${KEY}` }, body: form })).json();
  expect(keysOf(f)).toEqual(keysOf(successExamples.uploadFile.body as object));
  expect(f).not.toHaveProperty("expires_at");
  const list = await (await fetch(`${mock.url}/__mock/files`, { headers: { authorization: `Bearer ${KEY}` } })).json();
  const listed = list.files.find((x: { id: string }) => x.id === f.id);
  expect(Date.parse(listed.expires_at) - Date.parse(f.created_at)).toBe(24 * 60 * 60 * 1000);
});

test("a running and a finished task still have outputs and updated_at", async () => {
  const quick = await startMockServer({ port: 0, taskDuration: 0 });
  try {
    const res = await fetch(`${quick.url}/api/v1/tasks/async`, { method: "POST", headers: json, body: body() });
    const done = await res.json();
    expect(done.status).toBe("success");
    expect(done.outputs).toHaveLength(1);
    expect(done.updated_at).toEqual(expect.any(String));
  } finally {
    await quick.close();
  }
});
