// A test drives a task to any state without sleeping (audit s16-mock, finding 9): through the
// control endpoint and through the MockServer object, seen by the real client's polling and by a
// stream waiting on the task. The tasks here would take ten minutes on their own, so a test that
// still waited for `taskDuration` would time out instead of passing.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, test } from "vitest";
import { validator } from "../../../test/support/spec.ts";
import { Monet, type Task, TaskFailedError } from "../../client/src/index.ts";
import { type MockServer, startMockServer } from "../src/index.js";
import { json, request } from "./support/raw.js";

const TEN_MINUTES = 600_000;
let mock: MockServer;
let monet: Monet;
beforeAll(async () => {
  mock = await startMockServer({ port: 0, taskDuration: TEN_MINUTES });
  monet = new Monet({ apiKey: "monet_advance", baseUrl: mock.url, maxRetries: 0 });
});
afterAll(() => mock.close());

const image = { type: "image", input: { model: "flux-2-dev", prompt: "a lighthouse" } } as const;
const advance = (id: string, body: unknown, headers: Record<string, string> = {}) =>
  request(mock.port, "POST", `/__mock/tasks/${id}/advance`, { "content-type": "application/json", ...headers }, JSON.stringify(body));

test("POST /__mock/tasks/{id}/advance moves a task to a progress, then to success, at once: the client's next poll sees it", async () => {
  const created = await monet.tasks.create(image);
  expect(created.status).toBe("pending");

  const half = await advance(created.id, { to: 50 });
  expect(half.status).toBe(200);
  expect(json(half)).toMatchObject({ id: created.id, status: "processing", outputs: [{ status: "processing", progress: 50 }] });
  expect(await monet.tasks.get(created.id)).toMatchObject({ status: "processing", outputs: [{ progress: 50 }] });

  const done = await advance(created.id, { to: "success" });
  expect(done.status).toBe(200);
  // wait() returns at its first poll: the task is final, nobody sleeps for taskDuration.
  const task = await monet.tasks.wait(created.id, { pollInterval: 20 });
  expect(task).toMatchObject({ id: created.id, status: "success", outputs: [{ status: "success", progress: 100 }] });
  expect(validator("Task")(task)).toBe(true);
  expect(Date.parse(task.updated_at as string)).toBeGreaterThanOrEqual(Date.parse(task.created_at));
  // The output it names is served (the task finished with it).
  expect((await fetch(task.outputs?.[0]?.url as string)).status).toBe(200);
});

test("mock.advanceTask fails a task with the error a page must handle; wait() rejects with it", async () => {
  const created = await monet.tasks.create(image);
  mock.advanceTask(created.id, 30);
  const failed = mock.advanceTask(created.id, "failed", { code: "content_policy_violation", message: "Rejected." });
  expect(failed).toMatchObject({ status: "failed", error: { code: "content_policy_violation", message: "Rejected." } });
  // It failed where it was: at 30 %, with its output marked failed.
  expect(failed.outputs?.[0]).toMatchObject({ status: "failed", progress: 30 });
  const e = await monet.tasks.wait(created.id, { pollInterval: 20 }).catch((x: unknown) => x);
  expect(e).toBeInstanceOf(TaskFailedError);
  expect((e as TaskFailedError).task.error?.code).toBe("content_policy_violation");
  expect(validator("Task")((e as TaskFailedError).task)).toBe(true);

  // A pending task failed never started: no outputs, as a rejection.
  const other = await monet.tasks.create(image);
  expect(mock.advanceTask(other.id, "failed").outputs).toBeUndefined();
  expect((await monet.tasks.get(other.id)).error?.code).toBe("generation_failed");
});

test("a stream waiting on a task gets its events as soon as the task is advanced", async () => {
  const events: { event: string; task: Task }[] = [];
  const it = monet.tasks.stream(image)[Symbol.asyncIterator]();
  const first = await it.next();
  events.push(first.value as never);
  expect(events[0].event).toBe("created");
  const id = events[0].task.id;

  mock.advanceTask(id, 10);
  const progress = await it.next();
  expect(progress.value).toMatchObject({ event: "progress", task: { status: "processing", outputs: [{ progress: 10 }] } });

  mock.advanceTask(id, "success");
  for (let r = await it.next(); !r.done; r = await it.next()) events.push(r.value as never);
  expect(events.at(-1)).toMatchObject({ event: "success", task: { id, status: "success" } });
});

/** The SSE events of a sync create, read off the wire as they come: `[event name, data]`. */
async function* sse(body: unknown) {
  const res = await fetch(`${mock.url}/api/v1/tasks/sync`, {
    method: "POST",
    headers: { authorization: "Bearer monet_advance", "content-type": "application/json", accept: "text/event-stream" },
    body: JSON.stringify({ ...(body as object), idempotency_key: crypto.randomUUID() }),
  });
  expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
  let buf = "";
  for await (const chunk of res.body!.pipeThrough(new TextDecoderStream())) {
    buf += chunk;
    for (let end = buf.indexOf("\n\n"); end >= 0; end = buf.indexOf("\n\n")) {
      const lines = buf.slice(0, end).split("\n");
      buf = buf.slice(end + 2);
      const event = lines.find((l) => l.startsWith("event: "))?.slice(7);
      const data = lines.find((l) => l.startsWith("data: "))?.slice(6);
      if (event && data) yield [event, JSON.parse(data) as { event: string; task: Task }] as const;
    }
  }
}
const shape = (e: { task: Task }) => `${e.task.status}${e.task.outputs?.[0] ? ` ${e.task.outputs[0].progress}` : ""}`;

test("a task advanced far sends a waiting stream every step between, as its own clock would, then where it is", async () => {
  const events: string[] = [];
  const stream = sse(image);
  const created = (await stream.next()).value!;
  events.push(`${created[0]}: ${shape(created[1])}`);
  const id = created[1].task.id;
  // Two steps at once, then to the end: the steps between are sent, in order, with the timer's event name and values.
  mock.advanceTask(id, 30);
  mock.advanceTask(id, "success");
  for await (const [event, data] of stream) {
    events.push(`${event}: ${shape(data)}`);
    expect(data.event).toBe(event);
    expect(validator("TaskStreamEvent")(data)).toBe(true);
  }
  expect(events).toEqual(["created: pending", ...[10, 20, 30, 40, 50, 60, 70, 80, 90].map((p) => `progress: processing ${p}`), "success: success 100"]);
});

test("a task advanced far then failed: the steps it passed, then the failure at its progress", async () => {
  const stream = sse(image);
  const id = (await stream.next()).value![1].task.id;
  mock.advanceTask(id, 50);
  mock.advanceTask(id, "failed");
  const events: string[] = [];
  for await (const [event, data] of stream) events.push(`${event}: ${shape(data)}`);
  expect(events).toEqual([...[10, 20, 30, 40, 50].map((p) => `progress: processing ${p}`), "failed: failed 50"]);
});

test("a finished task stays finished, a task never moves back, and a bad advance is refused naming the field", async () => {
  const created = await monet.tasks.create(image);
  mock.advanceTask(created.id, 60);

  const back = await advance(created.id, { to: 20 });
  expect(back.status).toBe(409);
  expect(json(back).error.message).toMatch(/already at 60 %/);
  // Where it already is: no change, no error.
  expect((await advance(created.id, { to: 60 })).status).toBe(200);

  expect((await advance(created.id, { to: 100 })).status).toBe(200); // 100 is success
  expect((await advance(created.id, { to: "success" })).status).toBe(200);
  const again = await advance(created.id, { to: "failed" });
  expect(again.status).toBe(409);
  expect(json(again).error).toMatchObject({ code: "conflict", message: expect.stringMatching(/already finished \(success\)/) });
  expect(() => mock.advanceTask(created.id, "failed")).toThrow(/already finished/);

  for (const [body, field] of [
    [{ to: "done" }, "to"],
    [{ to: 45 }, "to"],
    [{ to: -10 }, "to"],
    [{}, "to"],
    [{ to: "success", code: "x" }, "code"],
    [{ to: "failed", code: "Not A Code" }, "code"],
    [{ to: "failed", message: "" }, "message"],
    [{ to: "success", when: 1 }, "when"],
  ] as const) {
    const r = await advance(created.id, body);
    expect(r.status, JSON.stringify(body)).toBe(422);
    expect(json(r).error.details.map((d: { field: string }) => d.field)).toContain(field);
  }
  expect(() => mock.advanceTask(created.id, 45)).toThrow(TypeError);
  expect(() => mock.advanceTask(created.id, 45)).toThrow(/to must be "success", "failed", or a progress from 0 to 100 in steps of 10 \(got 45\)/);

  const missing = await advance("task_nope000000", { to: "success" });
  expect(missing.status).toBe(404);
  expect((await request(mock.port, "POST", `/__mock/tasks/${created.id}/advance`, { "content-type": "application/json" }, "{")).status).toBe(400);
  expect((await request(mock.port, "GET", `/__mock/tasks/${created.id}/advance`, {})).status).toBe(405);
});

test("the advance endpoint is a control endpoint: loopback Host and Origin only, JSON only", async () => {
  const created = await monet.tasks.create(image);
  const evil = await advance(created.id, { to: "success" }, { origin: "https://evil.example" });
  expect(evil.status).toBe(403);
  const rebound = await advance(created.id, { to: "success" }, { host: "attacker.example" });
  expect(rebound.status).toBe(403);
  const form = await request(mock.port, "POST", `/__mock/tasks/${created.id}/advance`, { "content-type": "text/plain" }, '{"to":"success"}');
  expect(form.status).toBe(415);
  expect((await monet.tasks.get(created.id)).status).toBe("pending");
});

test("with `now` the clock stands still; POST /__mock/advance moves it for every task", async () => {
  const start = "2026-01-01T00:00:00.000Z";
  const frozen = await startMockServer({ port: 0, taskDuration: 10_000, now: start });
  try {
    const client = new Monet({ apiKey: "monet_clock", baseUrl: frozen.url, maxRetries: 0 });
    const a = await client.tasks.create(image);
    const b = await client.tasks.create({ ...image, input: { ...image.input, prompt: "a boat" } });
    expect(a.created_at).toBe(start);
    expect((await client.tasks.get(a.id)).status).toBe("pending"); // the clock did not move by itself

    const half = await request(frozen.port, "POST", "/__mock/advance", { "content-type": "application/json" }, JSON.stringify({ ms: 5_000 }));
    expect(half.status).toBe(200);
    expect(json(half)).toEqual({ now: "2026-01-01T00:00:05.000Z" });
    expect(await client.tasks.get(b.id)).toMatchObject({ status: "processing", outputs: [{ progress: 50 }], updated_at: "2026-01-01T00:00:05.000Z" });

    expect(frozen.advanceClock(5_000)).toBe("2026-01-01T00:00:10.000Z");
    for (const t of [a, b])
      expect(await client.tasks.get(t.id)).toMatchObject({ status: "success", created_at: start, updated_at: "2026-01-01T00:00:10.000Z" });

    const bad = await request(frozen.port, "POST", "/__mock/advance", { "content-type": "application/json" }, JSON.stringify({ ms: -1 }));
    expect(bad.status).toBe(422);
    expect(json(bad).error.details[0].field).toBe("ms");
    expect(() => frozen.advanceClock(1.5)).toThrow(/ms must be a whole number/);
  } finally {
    await frozen.close();
  }
});

test("bad seed and now are refused at start, naming the option", async () => {
  await expect(startMockServer({ now: "tomorrow" })).rejects.toThrow(/^now must be a time: ISO 8601/);
  await expect(startMockServer({ now: "2026-01-01T00:00" })).rejects.toThrow(/^now must be a time/); // no zone: whose local time?
  await expect(startMockServer({ seed: "" })).rejects.toThrow(/^seed must be a text of 1 to 200 characters/);
  await expect(startMockServer({ seed: 1.5 })).rejects.toThrow(/^seed must be/);
});

const cli = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../dist/cli.js");

test("the CLI takes --seed and --now, and refuses a bad --now naming the flag", async () => {
  const bad = spawnSync(process.execPath, [cli, "--port", "0", "--now", "soon"], { encoding: "utf8" });
  expect(bad.status).toBe(2);
  expect(bad.stderr).toMatch(/^monet-mock: --now must be a time: ISO 8601/);

  const started: ChildProcess[] = [];
  try {
    const ids: string[] = [];
    for (let i = 0; i < 2; i++) {
      const child = spawn(process.execPath, [cli, "--port", "0", "--quiet", "--seed", "cli", "--now", "2026-01-01T00:00:00Z"], {
        stdio: ["ignore", "pipe", "pipe"],
      });
      started.push(child);
      const port = await new Promise<number>((resolve, reject) => {
        let out = "";
        child.stdout?.on("data", (d) => {
          out += d;
          const m = /http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
          if (m) resolve(Number(m[1]));
        });
        child.once("exit", (code) => reject(new Error(`monet-mock exited with ${code}`)));
      });
      const body = JSON.stringify({ ...image, idempotency_key: "k1" });
      const created = json(await request(port, "POST", "/api/v1/tasks/async", { authorization: "Bearer monet_cli", "content-type": "application/json" }, body));
      expect(created.created_at).toBe("2026-01-01T00:00:00.000Z");
      ids.push(created.id);
    }
    expect(ids[1]).toBe(ids[0]);
  } finally {
    for (const c of started) c.kill("SIGTERM");
  }
});
