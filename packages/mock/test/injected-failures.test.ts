// Failures on demand, seen through the real client: a task that fails (any model, also the five
// with no prompt; at once or at a given progress; with the error code the page must handle), a
// given error status with the spec's error body (a revoked key, a conflict, an upload too large),
// and `[fail]` in a prompt in any case.
import { afterAll, beforeAll, beforeEach, expect, test } from "vitest";
import { minimalInput } from "../../../test/support/cases.ts";
import { readSeedModels } from "../../../test/support/seed.ts";
import { spec, validator } from "../../../test/support/spec.ts";
import { AuthenticationError, ConflictError, Monet, type Task, TaskFailedError } from "../../client/src/index.ts";
import { type Fault, type MockServer, startMockServer } from "../src/index.js";

const seed = readSeedModels();
let mock: MockServer;
let monet: Monet;
beforeAll(async () => {
  mock = await startMockServer({ port: 0, taskDuration: 400 });
  monet = new Monet({ apiKey: "monet_failures", baseUrl: mock.url, maxRetries: 0 });
});
afterAll(() => mock.close());
beforeEach(() => void mock.state.faults.clear());

async function fault(f: Fault | Fault[]) {
  const res = await fetch(`${mock.url}/__mock/faults`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(f) });
  expect(res.status).toBe(200);
}
const fast = { pollInterval: 20 };
const failure = async (p: Promise<unknown>) => {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(TaskFailedError);
  return (e as TaskFailedError).task;
};

test("a model with no prompt can fail: a task-failed fault for it, at once, with the code given", async () => {
  const mix = seed.find((m) => m.id === "wan-animate-mix");
  expect(mix?.fields.some((f) => f.name === "prompt")).toBe(false);
  const input = minimalInput(mix as NonNullable<typeof mix>) as never;
  await fault({ kind: "task-failed", model: "wan-animate-mix", at: 0, code: "content_policy_violation", message: "Rejected by the content policy." });
  // Failed from the start: the create's answer already says so, with no outputs (it never started).
  const created = await monet.tasks.create({ type: "video", input });
  expect(created).toMatchObject({ status: "failed", error: { code: "content_policy_violation", message: "Rejected by the content policy." } });
  expect(created.outputs).toBeUndefined();
  expect(validator("Task")(created)).toBe(true);
  // The fault was for one task: the next of the same model succeeds.
  expect((await monet.tasks.run({ type: "video", input }, fast)).status).toBe("success");
});

test("a task-failed fault picks only its model's tasks, fails them at the progress given, for `times` tasks", async () => {
  await fault({ kind: "task-failed", model: "flux-2-dev", at: 50, times: 2 });
  // Another model's task is not touched, and does not use the fault up.
  expect((await monet.tasks.run({ type: "video", input: { model: "sora-2", prompt: "x" } }, fast)).status).toBe("success");
  for (let i = 0; i < 2; i++) {
    const seen: Task[] = [];
    const task = await failure(monet.tasks.run({ type: "image", input: { model: "flux-2-dev", prompt: "x" } }, { ...fast, onProgress: (t) => seen.push(t) }));
    expect(task.error?.code).toBe("generation_failed");
    expect(task.outputs?.[0]).toMatchObject({ model: "flux-2-dev", status: "failed", progress: 50 });
    for (const t of seen) expect(t.outputs?.[0]?.progress ?? 0).toBeLessThanOrEqual(50);
  }
  expect((await monet.tasks.run({ type: "image", input: { model: "flux-2-dev", prompt: "x" } }, fast)).status).toBe("success");
});

test("a task-failed fault reaches the stream too: its last event is failed", async () => {
  await fault({ kind: "task-failed", code: "out_of_credits" });
  const events: { event: string; task: Task }[] = [];
  for await (const e of monet.tasks.stream({ type: "music", input: { model: "minimax-music", prompt: "x", lyrics: "la" } })) events.push(e as never);
  expect(events[0].event).toBe("created");
  expect(events.at(-1)?.event).toBe("failed");
  expect(events.at(-1)?.task.error?.code).toBe("out_of_credits");
});

test.each(["[fail]", "[FAIL]", "[Fail]"])("%s in a prompt fails the task", async (marker) => {
  const task = await failure(monet.tasks.run({ type: "image", input: { model: "flux-2-dev", prompt: `a cat ${marker}` } }, fast));
  expect(task.error?.code).toBe("generation_failed");
});

test("a status fault answers that status with the spec's error body, for `times` requests, then the API answers again", async () => {
  await fault({ kind: "status", status: 401, times: 2, path: "/api/v1/tasks/list" });
  for (let i = 0; i < 2; i++) {
    const e = await monet.tasks.list().then(
      () => undefined,
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(AuthenticationError);
    expect(e).toMatchObject({ status: 401, code: "unauthorized" });
  }
  expect((await monet.tasks.list()).page).toBe(1);
});

test("a status fault can say any error status, with its own code and message: 409 on a create, 413 and 410 on an upload", async () => {
  await fault([
    { kind: "status", status: 409, path: "/api/v1/tasks/async" },
    { kind: "status", status: 413, path: "/api/v1/files" },
    { kind: "status", status: 410, path: "/api/v1/files", code: "file_expired", message: "Gone." },
  ]);
  const conflict = await monet.tasks.create({ type: "image", input: { model: "flux-2-dev", prompt: "x" } }).catch((x: unknown) => x);
  expect(conflict).toBeInstanceOf(ConflictError);
  expect(conflict).toMatchObject({ code: "conflict" });
  const blob = new Blob([new Uint8Array(4)], { type: "image/png" });
  expect(await monet.files.upload(blob, { filename: "a.png" }).catch((x: unknown) => x)).toMatchObject({ status: 413, code: "payload_too_large" });
  // Raw, to see the whole body: the spec's ErrorResponse, with the fault's code and message.
  const form = new FormData();
  form.append("file", blob, "a.png");
  const res = await fetch(`${mock.url}/api/v1/files`, { method: "POST", headers: { authorization: "Bearer monet_failures" }, body: form });
  expect(res.status).toBe(410);
  const body = await res.json();
  expect(validator("ErrorResponse")(body)).toBe(true);
  expect(body.error).toMatchObject({ code: "file_expired", message: "Gone." });
});

test("a status fault answers each error status an operation documents with the code of the spec's own example for it", async () => {
  const documented: [string, string, string, string][] = [];
  for (const [route, item] of Object.entries<any>(spec.paths))
    for (const method of ["get", "post"])
      for (const [status, response] of Object.entries<any>(item[method]?.responses ?? {})) {
        const ref = response.$ref ? spec.components.responses[response.$ref.split("/").pop()] : response;
        const code = ref.content?.["application/json"]?.example?.error?.code;
        if (/^[45]/.test(status) && code) documented.push([method.toUpperCase(), route.replace("{taskId}", "task_x"), status, code]);
      }
  expect(documented.length).toBeGreaterThan(10);
  for (const [method, path, status, code] of documented) {
    await fault({ kind: "status", status: Number(status), method, path } as Fault);
    const res = await fetch(`${mock.url}${path}`, { method, headers: { authorization: "Bearer monet_failures" } });
    expect([method, path, res.status, (await res.json()).error.code]).toEqual([method, path, Number(status), code]);
    mock.state.faults.clear();
  }
});
