// The client against the real stateful mock over loopback HTTP: create, wait, run, stream,
// list, and what happens when things go wrong.
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { queryBounds, spec } from "../../../test/support/spec.ts";
import {
  AbortError,
  APIConnectionTimeoutError,
  AuthenticationError,
  ConflictError,
  InputValidationError,
  InternalServerError,
  Monet,
  NotFoundError,
  RateLimitError,
  type Task,
  TaskFailedError,
  UnprocessableEntityError,
  WaitTimeoutError,
} from "../src/index.js";
import { type Harness, harness, KEY } from "./helpers.js";

// Today's rules, read from the spec: a rule changed there changes these expectations with it.
const SORA_DURATION: number[] = spec.components.schemas.VideoSora2Input.properties.duration.enum;

let h: Harness;
beforeEach(async () => {
  h = await harness({ maxRetries: 2 });
});
afterEach(() => h.close());

const fast = { pollInterval: 20 };
const creates = () => h.sent.filter((s) => s.method === "POST" && s.path.startsWith("/api/v1/tasks/")).length;

describe("create, wait, run", () => {
  test("a wait's, run's or stream's headers go with every request it makes: the create and each poll", async () => {
    const headersOf = (from: number) => h.sent.slice(from).map((s) => `${s.method} ${(s.init.headers as Record<string, string>)["x-trace"]}`);
    const input = { model: "flux-2-dev", prompt: "x" };
    let from = h.sent.length;
    await h.monet.tasks.run({ type: "image", input }, { ...fast, headers: { "x-trace": "run" } });
    expect(headersOf(from).length).toBeGreaterThan(2);
    expect(new Set(headersOf(from))).toEqual(new Set(["POST run", "GET run"]));
    const t = await h.monet.tasks.create({ type: "image", input });
    from = h.sent.length;
    await h.monet.tasks.wait(t.id, { ...fast, headers: { "x-trace": "wait" } });
    expect(new Set(headersOf(from))).toEqual(new Set(["GET wait"]));
    // A stream cut once the task is known falls back to polling it, with the same headers.
    await h.fault({ kind: "cut-stream", afterEvents: 2 });
    from = h.sent.length;
    for await (const _ of h.monet.tasks.stream({ type: "image", input }, { ...fast, headers: { "x-trace": "stream" } }));
    expect(headersOf(from)).toContain("GET stream");
    expect(new Set(headersOf(from))).toEqual(new Set(["POST stream", "GET stream"]));
  });

  test("create returns a pending task; wait resolves with the finished one, reporting progress", async () => {
    const task = await h.monet.tasks.create({ type: "video", input: { model: "sora-2", prompt: "A cat running", duration: 10 } });
    expect(task.status).toBe("pending");
    const seen: Task[] = [];
    const done = await h.monet.tasks.wait(task.id, { ...fast, onProgress: (t) => seen.push(t) });
    expect(done.status).toBe("success");
    expect(done.outputs?.[0].url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/__mock\/outputs\//);
    const progress = seen.filter((t) => t.status === "processing").map((t) => t.outputs![0].progress!);
    expect(progress.length).toBeGreaterThan(1);
    expect([...progress].sort((a, b) => a - b)).toEqual(progress);
    expect(seen.at(-1)!.status).toBe("success");
  });

  // `cache: "no-store"` only where fetch may cache a GET: in a browser and under Next.js's patched fetch.
  const cacheModes = async (during: () => () => void) => {
    const t = await h.monet.tasks.create({ type: "image", input: { model: "flux-2-dev", prompt: "x" } });
    const from = h.sent.length;
    const undo = during();
    try {
      await h.monet.tasks.wait(t.id, fast);
      await h.monet.tasks.list({ pageSize: 1 });
    } finally {
      undo();
    }
    const gets = h.sent.slice(from).filter((s) => s.method === "GET");
    expect(gets.length).toBeGreaterThan(1);
    return new Set(gets.map((g) => ("cache" in g.init ? g.init.cache : "absent")));
  };

  test("in Node, GETs carry no cache mode (fetch has no cache there)", async () => {
    expect(await cacheModes(() => () => {})).toEqual(new Set(["absent"]));
  });

  test("under Next.js's patched fetch, every GET is sent with cache: no-store", async () => {
    const marked = () => {
      Object.assign(globalThis.fetch, { __nextPatched: true });
      return () => delete (globalThis.fetch as { __nextPatched?: boolean }).__nextPatched;
    };
    expect(await cacheModes(marked)).toEqual(new Set(["no-store"]));
  });

  test("in a browser, every GET is sent with cache: no-store", async () => {
    const page = () => {
      Object.assign(globalThis, { document: {} });
      return () => delete (globalThis as { document?: unknown }).document;
    };
    expect(await cacheModes(page)).toEqual(new Set(["no-store"]));
  });

  test("a fetch that refuses a cache mode (Cloudflare Workers before 2024-11-11) still creates, waits and lists", async () => {
    const workerd: typeof fetch = (input, init) => {
      if (init && "cache" in init) throw new TypeError("The 'cache' field on 'RequestInitializerDict' is not implemented.");
      return fetch(input, init);
    };
    const monet = new Monet({ apiKey: KEY, baseUrl: h.mock.url, fetch: workerd, maxRetries: 0 });
    const done = await monet.tasks.run({ type: "image", input: { model: "flux-2-dev", prompt: "x" } }, { ...fast, waitTimeout: 10_000 });
    expect(done.status).toBe("success");
    expect((await monet.tasks.list({ pageSize: 1 })).total).toBeGreaterThan(0);
  });

  test("run on a failing task throws TaskFailedError carrying the task", async () => {
    const err = await h.monet.tasks.run({ type: "image", input: { model: "flux-2-dev", prompt: "please [fail]" } }, fast).catch((e) => e);
    expect(err).toBeInstanceOf(TaskFailedError);
    expect(err.task.status).toBe("failed");
    expect(err.taskId).toBe(err.task.id);
    expect(err.message).toContain("[fail]");
  });

  test("a bad input is refused before any request, naming the field and the allowed values", async () => {
    const err = await h.monet.tasks
      // @ts-expect-error sora-2 takes 10 or 15 seconds (the type catches it too)
      .create({ type: "video", input: { model: "sora-2", prompt: "x", duration: 5 } })
      .catch((e) => e);
    expect(err).toBeInstanceOf(InputValidationError);
    expect(err.issues[0]).toMatchObject({ path: "input.duration", allowed: SORA_DURATION });
    expect(err.message).toContain(`input.duration must be one of ${SORA_DURATION.join(", ")} (got 5)`);
    expect(h.sent).toHaveLength(0);
  });

  test("a model of another type is refused, saying where it belongs", async () => {
    // @ts-expect-error wan-i-2-6 is an image model
    const err = await h.monet.tasks.create({ type: "video", input: { model: "wan-i-2-6", prompt: "x" } }).catch((e) => e);
    expect(err).toBeInstanceOf(InputValidationError);
    expect(err.message).toContain("an image model");
    expect(h.sent).toHaveLength(0);
  });

  test("wait gives up at its timeout with WaitTimeoutError, leaving no timer behind", async () => {
    const slow = await harness({}, { taskDuration: 60_000 });
    try {
      const t = await slow.monet.tasks.create({ type: "image", input: { model: "flux-2-dev", prompt: "x" } });
      const before = process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;
      const err = await slow.monet.tasks.wait(t.id, { pollInterval: 30, waitTimeout: 150 }).catch((e) => e);
      expect(err).toBeInstanceOf(WaitTimeoutError);
      expect(err.taskId).toBe(t.id);
      expect(process.getActiveResourcesInfo().filter((r) => r === "Timeout").length).toBeLessThanOrEqual(before);
    } finally {
      await slow.close();
    }
  });

  test("wait stops at once when its signal aborts", async () => {
    const slow = await harness({}, { taskDuration: 60_000 });
    try {
      const t = await slow.monet.tasks.create({ type: "image", input: { model: "flux-2-dev", prompt: "x" } });
      const ctrl = new AbortController();
      setTimeout(() => ctrl.abort(), 50);
      const started = Date.now();
      const err = await slow.monet.tasks.wait(t.id, { pollInterval: 5000, signal: ctrl.signal }).catch((e) => e);
      expect(err).toBeInstanceOf(AbortError);
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      await slow.close();
    }
  });
});

describe("idempotency and retries", () => {
  test("the server creates the task but the response is lost: the retry returns the same task", async () => {
    await h.fault({ kind: "drop-after-create" });
    const task = await h.monet.tasks.create({ type: "video", input: { model: "veo-3", prompt: "x" } });
    expect(h.mock.state.tasks.size).toBe(1);
    expect(h.mock.state.tasks.all()[0].id).toBe(task.id);
    const bodies = h.sent.filter((s) => s.method === "POST").map((s) => JSON.parse(String(s.init.body)).idempotency_key);
    expect(bodies).toHaveLength(2);
    expect(new Set(bodies).size).toBe(1);
  });

  test("a given idempotency key is sent as is, and repeating the call returns the same task", async () => {
    const params = { type: "image", input: { model: "flux-2-dev", prompt: "x" }, idempotency_key: "order-42" } as const;
    const a = await h.monet.tasks.create(params);
    const b = await h.monet.tasks.create(params);
    expect(b.id).toBe(a.id);
    const err = await h.monet.tasks.create({ ...params, input: { model: "flux-2-dev", prompt: "y" } }).catch((e) => e);
    expect(err).toBeInstanceOf(ConflictError);
    expect(creates()).toBe(3); // the conflict is final: not retried
  });

  test("429 with Retry-After is waited out and retried", async () => {
    await h.fault({ kind: "rate-limit", retryAfter: 0, times: 2 });
    const page = await h.monet.tasks.list();
    expect(page.tasks).toEqual([]);
    expect(h.sent).toHaveLength(3);
  });

  test("429 past maxRetries surfaces as RateLimitError with retryAfter", async () => {
    await h.fault({ kind: "rate-limit", retryAfter: 0, times: 5 });
    const err = await h.monet.tasks.list().then(
      () => undefined,
      (e) => e,
    );
    expect(err).toBeInstanceOf(RateLimitError);
    expect(err.retryAfter).toBe(0);
    expect(err.status).toBe(429);
    expect(err.requestId).toMatch(/^req_/);
    expect(h.sent).toHaveLength(3);
  });

  test("a burst of 503s is retried; a longer one surfaces as InternalServerError", async () => {
    await h.fault({ kind: "server-error", status: 503, times: 2 });
    const t = await h.monet.tasks.create({ type: "image", input: { model: "flux-2-dev", prompt: "x" } });
    expect(t.id).toBeTruthy();
    expect(h.mock.state.tasks.size).toBe(1);
    await h.fault({ kind: "server-error", status: 500, times: 3 });
    const err = await h.monet.tasks.get(t.id).catch((e) => e);
    expect(err).toBeInstanceOf(InternalServerError);
    expect(err.status).toBe(500);
  });

  test("a slow answer times out per request and is retried", async () => {
    await h.fault({ kind: "latency", ms: 400, path: "/api/v1/tasks/list" });
    const page = await h.monet.tasks.list({}, { timeout: 150 });
    expect(page.total).toBe(0);
    await h.fault({ kind: "latency", ms: 400, path: "/api/v1/tasks/list" });
    const err = await h.monet.tasks.list({}, { timeout: 150, maxRetries: 0 }).then(
      () => undefined,
      (e) => e,
    );
    expect(err).toBeInstanceOf(APIConnectionTimeoutError);
  });

  test("4xx answers are final and typed", async () => {
    expect(await h.monet.tasks.get("task_nope").catch((e) => e)).toBeInstanceOf(NotFoundError);
    const bad = await harness({ apiKey: "sk-not-monet" });
    try {
      expect(
        await bad.monet.tasks.list().then(
          () => undefined,
          (e) => e,
        ),
      ).toBeInstanceOf(AuthenticationError);
      expect(bad.sent).toHaveLength(1);
    } finally {
      await bad.close();
    }
    const unchecked = await harness({ validateInputs: false });
    try {
      const err = await unchecked.monet.tasks.create({ type: "video", input: { model: "sora-2", prompt: "x", duration: 5 as 10 } }).catch((e) => e);
      expect(err).toBeInstanceOf(UnprocessableEntityError);
      expect(err.details).toEqual([expect.objectContaining({ field: "input.duration" })]);
      expect(unchecked.sent).toHaveLength(1);
    } finally {
      await unchecked.close();
    }
  });
});

describe("stream", () => {
  test("yields created, rising progress, then success, typed", async () => {
    const events = [];
    for await (const e of h.monet.tasks.stream({ type: "music", input: { model: "minimax-music", prompt: "lo-fi" } })) events.push(e);
    expect(events[0].event).toBe("created");
    expect(events.at(-1)!.event).toBe("success");
    expect(events.at(-1)!.task.outputs?.[0].url).toMatch(/\.mp3$/);
    expect(events.filter((e) => e.event === "progress").length).toBeGreaterThan(3);
    expect(h.mock.state.tasks.size).toBe(1);
  });

  test("a stream cut mid-way falls back to polling the same task, to its true final state", async () => {
    await h.fault({ kind: "cut-stream", afterEvents: 2 });
    const events = [];
    for await (const e of h.monet.tasks.stream({ type: "image", input: { model: "flux-2-dev", prompt: "x" } }, { pollInterval: 20 })) events.push(e);
    expect(events.at(-1)!.event).toBe("success");
    expect(h.mock.state.tasks.size).toBe(1);
    expect(h.sent.filter((s) => s.method === "GET").length).toBeGreaterThan(0);
    const ids = new Set(events.map((e) => e.task.id));
    expect(ids.size).toBe(1);
  });

  test("a stream cut before the first event re-asks with the same key: still one task", async () => {
    await h.fault({ kind: "cut-stream", afterEvents: 0 });
    const events = [];
    for await (const e of h.monet.tasks.stream({ type: "image", input: { model: "flux-2-dev", prompt: "x" } }, { pollInterval: 20 })) events.push(e);
    expect(events.at(-1)!.event).toBe("success");
    expect(h.mock.state.tasks.size).toBe(1);
    const keys = h.sent.filter((s) => s.method === "POST").map((s) => JSON.parse(String(s.init.body)).idempotency_key);
    expect(keys.length).toBe(2);
    expect(new Set(keys).size).toBe(1);
  });

  test("a failed task ends the stream with a failed event", async () => {
    const events = [];
    for await (const e of h.monet.tasks.stream({ type: "image", input: { model: "flux-2-dev", prompt: "[fail]" } })) events.push(e);
    expect(events.at(-1)!.event).toBe("failed");
    expect(events.at(-1)!.task.error?.code).toBe("generation_failed");
  });

  test("a stream idle past idleTimeout falls back to polling", async () => {
    const events = [];
    const slow = await harness({}, { taskDuration: 600 });
    try {
      for await (const e of slow.monet.tasks.stream({ type: "image", input: { model: "flux-2-dev", prompt: "x" } }, { idleTimeout: 1, pollInterval: 20 }))
        events.push(e);
      expect(events.at(-1)!.event).toBe("success");
      expect(slow.sent.filter((s) => s.method === "GET").length).toBeGreaterThan(0);
      expect(slow.mock.state.tasks.size).toBe(1);
    } finally {
      await slow.close();
    }
  });
});

describe("list", () => {
  test("await gives one page; for await walks every page", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await h.monet.tasks.create({ type: "image", input: { model: "flux-1-schnell", prompt: `n${i}` } })).id);
    const page = await h.monet.tasks.list({ pageSize: 2 });
    expect(page).toMatchObject({ page: 1, pageSize: 2, total: 5 });
    expect(page.tasks.map((t) => t.id)).toEqual([ids[4], ids[3]]);
    const all: string[] = [];
    for await (const t of h.monet.tasks.list({ pageSize: 2 })) all.push(t.id);
    expect(all).toEqual([...ids].reverse());
  });

  test("a task id is sent as one encoded path segment, and a list query as given", async () => {
    // Characters a path segment must escape ($ and & too: a `$&` must not act as a replacement pattern).
    const e = await h.monet.tasks.get("a$&b%c'~(x)").catch((x) => x);
    expect(e.status).toBe(404);
    await h.monet.tasks.list({ page: 2, pageSize: 3 });
    expect(h.sent.map((s) => s.path)).toEqual(["/api/v1/tasks/a%24%26b%25c'~(x)", "/api/v1/tasks/list?page=2&pageSize=3"]);
  });

  test("a key polluting Object.prototype is not sent as a query argument", async () => {
    // A hostile dependency of the app may have polluted the prototype; only the query's own keys go out.
    const proto = Object.prototype as Record<string, unknown>;
    proto.injected = "1";
    try {
      await h.monet.tasks.list({ page: 1 });
    } finally {
      delete proto.injected;
    }
    expect(h.sent.at(-1)?.path).toBe("/api/v1/tasks/list?page=1");
  });

  test.each([
    ["get('')", (m: Harness["monet"]) => m.tasks.get("")],
    ["get('../x')", (m: Harness["monet"]) => m.tasks.get("../x")],
    ["get('a/b')", (m: Harness["monet"]) => m.tasks.get("a/b")],
    ["get('..')", (m: Harness["monet"]) => m.tasks.get("..")],
    ["get('  ') (whitespace only)", (m: Harness["monet"]) => m.tasks.get("  ")],
    [`list({ page: ${queryBounds("page").below} })`, (m: Harness["monet"]) => m.tasks.list({ page: queryBounds("page").below })],
    [`list({ pageSize: ${queryBounds("pageSize").above} })`, (m: Harness["monet"]) => m.tasks.list({ pageSize: queryBounds("pageSize").above })],
    ["wait('')", (m: Harness["monet"]) => m.tasks.wait("")],
  ])("%s is refused before any request, as a rejection (never a throw out of a call that returns a promise)", async (_name, call) => {
    const err = await call(h.monet).then(
      () => undefined,
      (e) => e,
    );
    expect(err).toBeInstanceOf(InputValidationError);
    expect(h.sent).toHaveLength(0);
  });
});

describe("forward compatible", () => {
  test("a model newer than the SDK is sent, its fields unchecked, with a debug line saying so", async () => {
    const lines: string[] = [];
    const logged = await harness({ logLevel: "debug", logger: { debug: (m) => lines.push(m) } });
    try {
      // The mock, like the API, decides: it does not know the model either, and says so (422).
      const err = await logged.monet.tasks.create({ type: "video", input: { model: "sora-3", prompt: "x", duration: 7 } }).catch((e) => e);
      expect(err).toBeInstanceOf(UnprocessableEntityError);
      expect(logged.sent).toHaveLength(1);
      expect(JSON.parse(String(logged.sent[0].init.body)).input).toEqual({ model: "sora-3", prompt: "x", duration: 7 });
      expect(lines.filter((l) => l.includes('model "sora-3" is not in this SDK\'s catalog'))).toHaveLength(1);
      // A known model of another type is still refused before sending.
      const wrong = await logged.monet.tasks.create({ type: "video", input: { model: "flux-2-dev", prompt: "x" } as never }).catch((e) => e);
      expect(wrong).toBeInstanceOf(InputValidationError);
      expect(logged.sent).toHaveLength(1);
    } finally {
      await logged.close();
    }
  });

  test("a status the SDK does not know is not final: wait polls on to the real end", async () => {
    const { startHostile, json } = await import("../../../test/support/hostile.js");
    let polls = 0;
    const server = await startHostile((_req, res) => {
      polls++;
      const status = polls < 3 ? "queued_for_gpu" : "success";
      json(res, 200, { id: "task_new", status, type: "image", created_at: "2026-01-01T00:00:00Z", updated_at: `2026-01-01T00:00:0${polls}Z` });
    });
    try {
      const { Monet } = await import("../src/index.js");
      const seen: string[] = [];
      const done = await new Monet({ apiKey: "monet_x", baseUrl: server.url }).tasks.wait("task_new", {
        pollInterval: 10,
        onProgress: (t) => seen.push(t.status),
      });
      expect(done.status).toBe("success");
      expect(seen).toEqual(["queued_for_gpu", "queued_for_gpu", "success"]);
    } finally {
      await server.close();
    }
  });
});
