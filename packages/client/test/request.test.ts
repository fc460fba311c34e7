// monet.request(operationId, params, options) against the real mock: any operation of the spec,
// through the same transport as the resources (argument checks from the spec's bounds, retries
// with one idempotency key, typed errors), and the answers' request ids and headers.
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { spec } from "../../../test/support/spec.ts";
import { APIConnectionError, InputValidationError, NotFoundError, type Task } from "../src/index.js";
import { type Harness, harness } from "./helpers.js";

// Today's rules, read from the spec: a rule changed there changes these expectations with it.
const PAGE_SIZE_MAX: number = spec.components.parameters.PageSize.schema.maximum;
const TASK_ID_PATTERN: string = spec.components.parameters.TaskId.schema.pattern;

let h: Harness;
beforeEach(async () => {
  h = await harness({ maxRetries: 2 });
});
afterEach(() => h.close());

describe("request(operationId)", () => {
  test("every operation of the spec, with no hand-written method", async () => {
    const created = await h.monet.request("createTask", { body: { type: "image", input: { model: "flux-2-dev", prompt: "x" } } });
    expect(created.status).toBe("pending");
    const got = await h.monet.request("getTask", { path: { taskId: created.id } });
    expect(got.id).toBe(created.id);
    const page = await h.monet.request("listTasks", { query: { pageSize: 5 } });
    expect(page).toMatchObject({ page: 1, pageSize: 5, total: 1 });
    const file = await h.monet.request("uploadFile", { body: { file: new File([new Uint8Array([1, 2, 3])], "a.png", { type: "image/png" }) } });
    expect(file).toMatchObject({ filename: "a.png", size: 3, content_type: "image/png" });
    const events = [];
    for await (const e of await h.monet.request("createTaskStream", { body: { type: "music", input: { model: "minimax-music", prompt: "x" } } }))
      events.push(e);
    expect(events[0].event).toBe("created");
    expect(events.at(-1)!.event).toBe("success");
    expect(h.sent.map((s) => `${s.method} ${s.path.split("?")[0]}`)).toEqual([
      "POST /api/v1/tasks/async",
      `GET /api/v1/tasks/${created.id}`,
      "GET /api/v1/tasks/list",
      "POST /api/v1/files",
      "POST /api/v1/tasks/sync",
    ]);
  });

  test("a createTaskStream cut mid-stream is an APIConnectionError naming the task, for the caller to poll", async () => {
    await h.fault({ kind: "cut-stream", afterEvents: 2 });
    const events: { task?: { id: string } }[] = [];
    const err = await (async () => {
      for await (const e of await h.monet.request("createTaskStream", { body: { type: "image", input: { model: "flux-2-dev", prompt: "x" } } }))
        events.push(e as never);
    })().catch((e) => e);
    expect(err).toBeInstanceOf(APIConnectionError);
    const id = events[0].task!.id;
    expect(err.taskId).toBe(id);
    expect(err.message).toBe(`The event stream of POST /api/v1/tasks/sync broke; task ${id} goes on: poll it with tasks.get (tasks.stream does so itself)`);
  });

  test("a create gets one idempotency key, the same on its retry: the lost answer does not make a second task", async () => {
    await h.fault({ kind: "drop-after-create" });
    const task = await h.monet.request("createTask", { body: { type: "video", input: { model: "veo-3", prompt: "x" } } });
    expect(h.mock.state.tasks.size).toBe(1);
    expect(h.mock.state.tasks.all()[0].id).toBe(task.id);
    const keys = h.sent.map((s) => JSON.parse(String(s.init.body)).idempotency_key);
    expect(keys).toHaveLength(2);
    expect(new Set(keys).size).toBe(1);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
  });

  test("errors are typed, as for the resources", async () => {
    const err = await h.monet.request("getTask", { path: { taskId: "task_nope" } }).catch((e) => e);
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err.requestId).toMatch(/^req_/);
  });

  test.each([
    [
      "pageSize over the spec's maximum",
      () => h.monet.request("listTasks", { query: { pageSize: PAGE_SIZE_MAX + 1 } }),
      "pageSize",
      new RegExp(`1 to ${PAGE_SIZE_MAX}\\b`),
    ],
    ["page below the spec's minimum", () => h.monet.request("listTasks", { query: { page: 0 } }), "page", /from 1/],
    // Sent as page=1e%2B21 before: a whole number past 2^53 is not one the API can read.
    [
      "a page past the safe integers",
      () => h.monet.request("listTasks", { query: { page: 1e21 } }),
      "page",
      /whole number from 1 to 9007199254740991 \(got 1e\+21\)/,
    ],
    ["a list page of 2^53", () => h.monet.tasks.list({ page: 2 ** 53 }), "page", /whole number from 1 to 9007199254740991/],
    [
      "a path argument that walks elsewhere",
      () => h.monet.request("getTask", { path: { taskId: "../files" } }),
      "taskId",
      // The spec gives taskId a minLength of 1, no maxLength and a pattern: the rule says so in words.
      `taskId must be one path segment of at least 1 character (no / \\ ? # spaces or invisible characters, not . or ..) matching ${TASK_ID_PATTERN} (got "../files")`,
    ],
    ["a missing path argument", () => h.monet.request("getTask", { path: {} as { taskId: string } }), "taskId", /requires/],
    ["a query argument the operation lacks", () => h.monet.request("listTasks", { query: { size: 3 } as never }), "size", /page, pageSize/],
    ["a missing body", () => h.monet.request("createTask", {} as never), "body", /required/],
    ["an operation the spec lacks", () => h.monet.request("deleteEverything" as never, {} as never), "operationId", /getTask/],
  ])("%s is refused before any request, naming it", async (_name, call, field, rule) => {
    const err = await call().catch((e) => e);
    expect(err).toBeInstanceOf(InputValidationError);
    expect(err.issues[0].path).toBe(field);
    expect(err.message).toMatch(rule);
    expect(h.sent).toHaveLength(0);
  });
});

describe("answers expose their request id and headers", () => {
  test("withResponse() gives the body, the response and its X-Request-Id, from one request", async () => {
    const created = h.monet.tasks.create({ type: "image", input: { model: "flux-2-dev", prompt: "x" } });
    const { data, response, requestId } = await created.withResponse();
    expect(data.status).toBe("pending");
    expect(response.status).toBe(200);
    expect(requestId).toBe(response.headers.get("x-request-id"));
    expect(requestId).toMatch(/^req_/);
    expect((await created).id).toBe(data.id);
    const viaRequest = await h.monet.request("getTask", { path: { taskId: data.id } }).withResponse();
    expect(viaRequest.data.id).toBe(data.id);
    expect(viaRequest.requestId).toMatch(/^req_/);
    expect(h.sent).toHaveLength(2);
  });

  test("a failure seen through withResponse() alone is not also an unhandled rejection", async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown) => unhandled.push(e);
    process.on("unhandledRejection", onUnhandled);
    try {
      const err = await h.monet.tasks
        .get("task_nope")
        .withResponse()
        .catch((e) => e);
      expect(err).toBeInstanceOf(NotFoundError);
      await new Promise((r) => setTimeout(r, 50));
      expect(unhandled).toEqual([]);
    } finally {
      process.off("unhandledRejection", onUnhandled);
    }
  });
});

describe("tasks.list() is a real Promise that is also async-iterable", () => {
  test("awaiting it twice sends one request; then, catch and finally work", async () => {
    await h.monet.tasks.create({ type: "image", input: { model: "flux-2-dev", prompt: "x" } });
    h.sent.length = 0;
    const listing = h.monet.tasks.list({ pageSize: 10 });
    expect(listing).toBeInstanceOf(Promise);
    const a = await listing;
    const b = await listing;
    expect(b).toBe(a);
    let finalized = false;
    await listing.catch(() => undefined).finally(() => (finalized = true));
    expect(finalized).toBe(true);
    expect(a.total).toBe(1);
    expect(h.sent).toHaveLength(1);
  });

  test("iterating after awaiting reuses the page already fetched", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await h.monet.tasks.create({ type: "image", input: { model: "flux-2-dev", prompt: `n${i}` } })).id);
    h.sent.length = 0;
    const listing = h.monet.tasks.list({ pageSize: 2 });
    await listing;
    const all: Task[] = [];
    for await (const t of listing) all.push(t);
    expect(all.map((t) => t.id)).toEqual([...ids].reverse());
    expect(h.sent.map((s) => s.path)).toEqual(["/api/v1/tasks/list?pageSize=2", "/api/v1/tasks/list?pageSize=2&page=2"]);
  });

  test("a failing list is reported once, through catch", async () => {
    await h.fault({ kind: "server-error", status: 500, times: 3 });
    const seen = await h.monet.tasks.list().catch((e) => e.status);
    expect(seen).toBe(500);
  });
});

describe("a server that echoes the key", () => {
  test("request() and withResponse() hand out bodies, events and request ids with the key taken out", async () => {
    const { startHostile, json } = await import("../../../test/support/hostile.js");
    const { KEY } = await import("./helpers.js");
    const { Monet } = await import("../src/index.js");
    const server = await startHostile((req, res, seen) => {
      const echoed = seen.authorization;
      if (req.url?.includes("/sync")) {
        res.writeHead(200, { "content-type": "text/event-stream", "x-request-id": echoed });
        res.end(
          `event: created\ndata: ${JSON.stringify({ event: "created", task: { id: echoed, status: "pending", type: "image", created_at: "2026-01-01T00:00:00Z" } })}\n\n`,
        );
      } else json(res, 200, { id: echoed, status: "pending", type: "image", created_at: echoed }, { "x-request-id": echoed });
    });
    try {
      const monet = new Monet({ apiKey: KEY, baseUrl: server.url, maxRetries: 0 });
      const got = await monet.request("getTask", { path: { taskId: "task_1" } }).withResponse();
      const events: unknown[] = [];
      // The stream ends after `created`: an error naming the task, which must not carry the key either.
      const cut = await (async () => {
        for await (const e of await monet.request("createTaskStream", { body: { type: "image", input: { model: "flux-2-dev", prompt: "x" } } })) events.push(e);
      })().catch((e) => e);
      expect(cut).toBeInstanceOf(APIConnectionError);
      const out = JSON.stringify([got.data, got.requestId, events, cut.message, cut.taskId]);
      expect(server.seen.every((s) => s.authorization === `Bearer ${KEY}`)).toBe(true);
      expect(out).not.toContain(KEY);
      expect(got.requestId).toBeTruthy();
      expect(events).toHaveLength(1);
    } finally {
      await server.close();
    }
  });
});
