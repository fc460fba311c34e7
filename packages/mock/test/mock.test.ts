// The simulator behaves like the API and answers only what the spec allows: every response body
// is validated against the spec (Ajv), over every operation and every model.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { invalidCases, minimalInput } from "../../../test/support/cases.ts";
import { readSeedModels } from "../../../test/support/seed.ts";
import { errorFields, pathOf, queryBounds, validator } from "../../../test/support/spec.ts";
import { parseSse } from "../../../test/support/sse.ts";
import { type MockServer, startMockServer } from "../src/index.js";

const seed = readSeedModels();
const KEY = "monet_test_key";
const json = { authorization: `Bearer ${KEY}`, "content-type": "application/json" };
let mock: MockServer;

beforeAll(async () => {
  mock = await startMockServer({ port: 0, taskDuration: 400 });
});
afterAll(() => mock.close());

function expectSchema(name: string, body: unknown) {
  const v = validator(name);
  expect(v(body) ? [] : errorFields(v.errors)).toEqual([]);
}
async function call(path: string, init: RequestInit = {}, schema?: string) {
  const res = await fetch(`${mock.url}${path}`, { ...init, headers: { ...json, ...(init.headers as object) } });
  expect(res.headers.get("x-request-id")).toMatch(/^req_/);
  const body = res.headers.get("content-type")?.startsWith("application/json") ? await res.json() : await res.text();
  if (schema) expectSchema(res.ok ? schema : "ErrorResponse", body);
  return { res, body };
}
const create = (type: string, input: unknown, key = crypto.randomUUID()) =>
  call("/api/v1/tasks/async", { method: "POST", body: JSON.stringify({ type, input, idempotency_key: key }) }, "Task");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test("lifecycle: create -> get with progress -> success -> list -> output file", async () => {
  // Its own mock with a task long enough that a loaded machine still sees it processing.
  const slow = await startMockServer({ port: 0, taskDuration: 3000 });
  try {
    const get = async (path: string, schema: string) => {
      const body = await (await fetch(`${slow.url}${path}`, { headers: json })).json();
      expectSchema(schema, body);
      return body;
    };
    const res = await fetch(`${slow.url}/api/v1/tasks/async`, {
      method: "POST",
      headers: json,
      body: JSON.stringify({ type: "video", input: { model: "sora-2", prompt: "A cat running", duration: 10 }, idempotency_key: crypto.randomUUID() }),
    });
    expect(res.status).toBe(200);
    const t = await res.json();
    expectSchema("Task", t);
    expect(t.status).toBe("pending");
    const seen = new Set<string>();
    let last = t;
    for (const deadline = Date.now() + 15_000; last.status !== "success" && Date.now() < deadline; ) {
      await sleep(50);
      last = await get(`/api/v1/tasks/${t.id}`, "Task");
      seen.add(last.status);
      if (last.status === "processing") expect(last.outputs[0].progress).toBeGreaterThan(0);
    }
    expect([...seen]).toContain("processing");
    expect(last.status).toBe("success");
    expect(last.outputs[0]).toMatchObject({ model: "sora-2", status: "success", progress: 100 });
    const page = await get(`${pathOf("listTasks")}?page=1&pageSize=${queryBounds("pageSize").maximum}`, "TaskList");
    expect(page.tasks.map((x: { id: string }) => x.id)).toContain(t.id);
    const out = await fetch(last.outputs[0].url);
    expect(out.headers.get("content-type")).toBe("video/mp4");
    const bytes = new Uint8Array(await out.arrayBuffer());
    expect(new TextDecoder().decode(bytes.subarray(4, 8))).toBe("ftyp");
  } finally {
    await slow.close();
  }
});

test("outputs are real PNG, MP4 and MP3 files", async () => {
  const magic: Record<string, (b: Uint8Array) => boolean> = {
    image: (b) => b[0] === 0x89 && new TextDecoder().decode(b.subarray(1, 4)) === "PNG",
    video: (b) => new TextDecoder().decode(b.subarray(4, 8)) === "ftyp",
    music: (b) => new TextDecoder().decode(b.subarray(0, 3)) === "ID3" || (b[0] === 0xff && (b[1] & 0xe0) === 0xe0),
  };
  const inputs = { image: { model: "flux-2-dev", prompt: "x" }, video: { model: "veo-3", prompt: "x" }, music: { model: "minimax-music", prompt: "x" } };
  const ids = await Promise.all(Object.entries(inputs).map(async ([type, input]) => [type, (await create(type, input)).body.id]));
  await sleep(450);
  for (const [type, id] of ids) {
    const { body } = await call(`/api/v1/tasks/${id}`, {}, "Task");
    const b = new Uint8Array(await (await fetch(body.outputs[0].url)).arrayBuffer());
    expect(magic[type](b), type).toBe(true);
  }
});

test("a prompt with [fail] makes the task fail with an error", async () => {
  const { body: t } = await create("image", { model: "flux-2-dev", prompt: "please [fail]" });
  await sleep(450);
  const { body } = await call(`/api/v1/tasks/${t.id}`, {}, "Task");
  expect(body.status).toBe("failed");
  expect(body.error.code).toBe("generation_failed");
});

test("SSE: created, rising progress, success, each event arriving as it happens", async () => {
  const res = await fetch(`${mock.url}/api/v1/tasks/sync`, {
    method: "POST",
    headers: { ...json, accept: "text/event-stream" },
    body: JSON.stringify({ type: "music", input: { model: "minimax-music", prompt: "lo-fi" }, idempotency_key: crypto.randomUUID() }),
  });
  expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
  const reader = res.body!.getReader();
  const arrivals: { at: number; text: string }[] = [];
  const t0 = Date.now();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    arrivals.push({ at: Date.now() - t0, text: new TextDecoder().decode(value) });
  }
  const events = parseSse(arrivals.map((a) => a.text).join(""));
  for (const e of events) expectSchema("TaskStreamEvent", e.data);
  expect(events[0].event).toBe("created");
  expect(events.at(-1)!.event).toBe("success");
  const progress = events.filter((e) => e.event === "progress").map((e) => (e.data as any).task.outputs[0].progress);
  expect(progress.length).toBeGreaterThan(3);
  expect([...progress].sort((a, b) => a - b)).toEqual(progress);
  // Streamed, not sent at the end: the chunks arrive spread over the task's life.
  expect(arrivals.length).toBeGreaterThan(3);
  expect(arrivals.at(-1)!.at - arrivals[0].at).toBeGreaterThan(200);
});

describe("idempotency", () => {
  test("the same key and body returns the same task; a different body gets 409", async () => {
    const key = crypto.randomUUID();
    const input = { model: "sora-2", prompt: "same" };
    const a = await create("video", input, key);
    const b = await create("video", input, key);
    expect(b.body.id).toBe(a.body.id);
    const c = await create("video", { ...input, prompt: "other" }, key);
    expect(c.res.status).toBe(409);
    expect(c.body.error.code).toBe("conflict");
  });
  test("keys belong to one API key", async () => {
    const key = crypto.randomUUID();
    const body = JSON.stringify({ type: "image", input: { model: "flux-2-dev", prompt: "x" }, idempotency_key: key });
    const a = await (await fetch(`${mock.url}/api/v1/tasks/async`, { method: "POST", headers: json, body })).json();
    const b = await (await fetch(`${mock.url}/api/v1/tasks/async`, { method: "POST", headers: { ...json, authorization: "Bearer monet_other" }, body })).json();
    expect(b.id).not.toBe(a.id);
  });
});

describe("validation: the spec's 422 Error body names the field", () => {
  test.each(invalidCases(seed).filter((_, i) => i % 7 === 0))("$model: $name", async (c) => {
    const { res, body } = await call(
      "/api/v1/tasks/async",
      { method: "POST", body: JSON.stringify({ type: c.type, input: c.input, idempotency_key: "k" }) },
      "Task",
    );
    expect(res.status).toBe(422);
    expect(body.error.details.map((d: { field: string }) => d.field.replace(/\[\d+\]$/, ""))).toContain(`input.${c.field}`);
  });
  test("missing idempotency_key, bad JSON", async () => {
    const a = await call("/api/v1/tasks/async", { method: "POST", body: JSON.stringify({ type: "video", input: { model: "sora-2", prompt: "x" } }) }, "Task");
    expect(a.res.status).toBe(422);
    expect(a.body.error.details[0].field).toBe("idempotency_key");
    const b = await call("/api/v1/tasks/async", { method: "POST", body: "{not json" }, "Task");
    expect(b.res.status).toBe(400);
  });
});

test.each(seed)("every model can be created: $type $id", async (m) => {
  const { res } = await create(m.type, minimalInput(m));
  expect(res.status).toBe(200);
});

test.each([
  ["missing", {}],
  ["not a monet_ key", { authorization: "Bearer sk-123" }],
  ["not bearer", { authorization: "Basic bW9uZXQ6eA==" }],
])("auth %s: 401 with the spec's Error body", async (_n, headers) => {
  const res = await fetch(`${mock.url}/api/v1/tasks/list`, { headers });
  expect(res.status).toBe(401);
  expectSchema("ErrorResponse", await res.json());
});

describe("pagination", () => {
  test("newest first, exact totals, page past the end is empty", async () => {
    const key = `monet_page_${Date.now()}`;
    const h = { ...json, authorization: `Bearer ${key}` };
    const ids: string[] = [];
    for (let i = 0; i < 5; i++)
      ids.push(
        (
          await (
            await fetch(`${mock.url}/api/v1/tasks/async`, {
              method: "POST",
              headers: h,
              body: JSON.stringify({ type: "image", input: { model: "flux-1-schnell", prompt: `n${i}` }, idempotency_key: `p${i}` }),
            })
          ).json()
        ).id,
      );
    const get = async (q: string) => (await fetch(`${mock.url}/api/v1/tasks/list?${q}`, { headers: h })).json();
    const p1 = await get("page=1&pageSize=2");
    expectSchema("TaskList", p1);
    expect(p1.tasks.map((t: { id: string }) => t.id)).toEqual([ids[4], ids[3]]);
    expect(p1.total).toBe(5);
    expect((await get("page=3&pageSize=2")).tasks.map((t: { id: string }) => t.id)).toEqual([ids[0]]);
    expect((await get("page=4&pageSize=2")).tasks).toEqual([]);
  });
  // The edges from the spec's bounds (a pinned pageSize=101 passed, wrongly, with a larger maximum).
  const [page, size] = [queryBounds("page"), queryBounds("pageSize")];
  test.each([`page=${page.below}`, `pageSize=${size.below}`, `pageSize=${size.above}`, "page=abc", "page=1.5", "page=1&page=2", "pageSize=20&pageSize=20"])(
    "%s gets 422 naming the parameter",
    async (q) => {
      const { res, body } = await call(`${pathOf("listTasks")}?${q}`, {}, "TaskList");
      expect(res.status).toBe(422);
      expect(body.error.details[0].field).toBe(q.split("=")[0]);
    },
  );
  // The list is checked by params.ts, as every operation is: a parameter given twice was read as
  // its first value, and a malformed escape was checked as U+FFFD and echoed in the message.
  test("a parameter given twice is refused (not read as its first value); a malformed escape is 400, as for any operation", async () => {
    const { body } = await call("/api/v1/tasks/list?page=1&page=2", {}, "TaskList");
    expect(body.error.message).toBe("page was given 2 times; give it once");
    const { res, body: bad } = await call("/api/v1/tasks/list?page=%E0", {}, "TaskList");
    expect(res.status).toBe(400);
    expect(bad.error).toMatchObject({ code: "invalid_request", message: `the query's "page=%E0" is not valid percent-encoding` });
  });
});

test("a task of another key, or an unknown id, is 404", async () => {
  const { body: t } = await create("image", { model: "flux-2-dev", prompt: "mine" });
  const other = await fetch(`${mock.url}/api/v1/tasks/${t.id}`, { headers: { authorization: "Bearer monet_someone_else" } });
  expect(other.status).toBe(404);
  const { res } = await call("/api/v1/tasks/task_nope", {}, "Task");
  expect(res.status).toBe(404);
});

test("upload round trip: stored, described, served back, listed", async () => {
  const bytes = new Uint8Array(200_000).map((_, i) => (i * 7919) % 251);
  const form = new FormData();
  form.append("file", new Blob([bytes], { type: "video/mp4" }), "clip.mp4");
  const res = await fetch(`${mock.url}/api/v1/files`, { method: "POST", headers: { authorization: `Bearer ${KEY}` }, body: form });
  const f = await res.json();
  expectSchema("UploadedFile", f);
  expect(f).toMatchObject({ filename: "clip.mp4", size: bytes.length, content_type: "video/mp4" });
  const back = new Uint8Array(await (await fetch(f.url)).arrayBuffer());
  expect(Buffer.from(back).equals(Buffer.from(bytes))).toBe(true);
  const list = await (await fetch(`${mock.url}/__mock/files`, { headers: { authorization: `Bearer ${KEY}` } })).json();
  expect(list.files.map((x: { id: string }) => x.id)).toContain(f.id);
});

test("uploads expire after the configured lifetime", async () => {
  const short = await startMockServer({ port: 0, fileLifetime: 150 });
  try {
    const form = new FormData();
    form.append("file", new Blob(["hello"], { type: "text/plain" }), "a.txt");
    const f = await (await fetch(`${short.url}/api/v1/files`, { method: "POST", headers: { authorization: `Bearer ${KEY}` }, body: form })).json();
    expect((await fetch(f.url)).status).toBe(200);
    await sleep(200);
    const gone = await fetch(f.url);
    expect(gone.status).toBe(410);
    expect((await gone.json()).error.code).toBe("expired");
  } finally {
    await short.close();
  }
});

test("CORS: preflight allows a local frontend to send the key and read X-Request-Id", async () => {
  const res = await fetch(`${mock.url}/api/v1/tasks/async`, {
    method: "OPTIONS",
    headers: { origin: "http://localhost:5173", "access-control-request-method": "POST", "access-control-request-headers": "authorization,content-type" },
  });
  expect(res.status).toBe(204);
  expect(res.headers.get("access-control-allow-origin")).toBe("*");
  expect(res.headers.get("access-control-allow-headers")).toMatch(/authorization/);
  expect(res.headers.get("access-control-expose-headers")).toMatch(/x-request-id/);
});

describe("faults", () => {
  const addFault = (f: object) => fetch(`${mock.url}/__mock/faults`, { method: "POST", headers: json, body: JSON.stringify(f) });

  test("429 with and without Retry-After", async () => {
    await addFault({ kind: "rate-limit", retryAfter: 3 });
    const a = await call("/api/v1/tasks/list", {}, "TaskList");
    expect(a.res.status).toBe(429);
    expect(a.res.headers.get("retry-after")).toBe("3");
    await addFault({ kind: "rate-limit", retryAfter: null });
    const b = await call("/api/v1/tasks/list", {}, "TaskList");
    expect(b.res.status).toBe(429);
    expect(b.res.headers.get("retry-after")).toBeNull();
    expect((await call("/api/v1/tasks/list", {}, "TaskList")).res.status).toBe(200);
  });

  test("a burst of 5xx, then normal service", async () => {
    await addFault({ kind: "server-error", status: 503, times: 2 });
    expect((await call("/api/v1/tasks/list", {}, "TaskList")).res.status).toBe(503);
    expect((await call("/api/v1/tasks/list", {}, "TaskList")).res.status).toBe(503);
    expect((await call("/api/v1/tasks/list", {}, "TaskList")).res.status).toBe(200);
  });

  test("latency", async () => {
    await addFault({ kind: "latency", ms: 150, path: "/api/v1/tasks/list" });
    const t = Date.now();
    await call("/api/v1/tasks/list", {}, "TaskList");
    expect(Date.now() - t).toBeGreaterThanOrEqual(140);
  });

  test("a dropped response after the task was created: the task exists, and a replay returns it", async () => {
    await addFault({ kind: "drop-after-create" });
    const key = crypto.randomUUID();
    const before = mock.state.tasks.size;
    const input = { model: "flux-2-dev", prompt: "dropped" };
    await expect(create("image", input, key)).rejects.toThrow();
    expect(mock.state.tasks.size).toBe(before + 1);
    const { body } = await create("image", input, key);
    expect(mock.state.tasks.size).toBe(before + 1);
    expect(mock.state.tasks.forKey(KEY, key)!.id).toBe(body.id);
  });

  test("a cut SSE stream after N events", async () => {
    await addFault({ kind: "cut-stream", afterEvents: 2 });
    const res = await fetch(`${mock.url}/api/v1/tasks/sync`, {
      method: "POST",
      headers: json,
      body: JSON.stringify({ type: "image", input: { model: "flux-2-dev", prompt: "cut" }, idempotency_key: crypto.randomUUID() }),
    });
    const text = await res.text().catch(() => "");
    const events = text ? parseSse(text) : [];
    expect(events.length).toBeLessThanOrEqual(2);
    expect(events.map((e) => e.event)).not.toContain("success");
  });

  test("bad fault descriptions are refused; reset clears everything", async () => {
    expect((await addFault({ kind: "explode" })).status).toBe(422);
    await addFault({ kind: "server-error", times: 5 });
    await fetch(`${mock.url}/__mock/reset`, { method: "POST", headers: { "content-type": "application/json" } });
    expect((await call("/api/v1/tasks/list", {}, "TaskList")).res.status).toBe(200);
    expect(mock.state.tasks.size).toBe(0);
  });
});
