// Durations and counts as callers really write them: Infinity for "no limit", and the typos
// (NaN from a parsed flag, a negative, a string) that setTimeout would silently read as 1 ms.
import { getEventListeners } from "node:events";
import net from "node:net";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { AbortError, InputValidationError, Monet } from "../src/index.js";
import { type Harness, harness, KEY } from "./helpers.js";

let h: Harness;
beforeEach(async () => {
  h = await harness({ maxRetries: 0 });
});
afterEach(() => h.close());

const image = { type: "image", input: { model: "flux-2-dev", prompt: "x" } } as const;
const fast = { pollInterval: 20 };

describe("Infinity means no limit", () => {
  test("timeout: Infinity on the client and on a call answers instead of timing out at once", async () => {
    const monet = new Monet({ apiKey: KEY, baseUrl: h.mock.url, timeout: Infinity });
    const task = await monet.tasks.create(image);
    expect((await monet.tasks.get(task.id)).id).toBe(task.id);
    expect((await h.monet.tasks.get(task.id, { timeout: Infinity })).id).toBe(task.id);
    // Past what a timer holds (24.8 days) is as good as none, not 1 ms.
    expect((await h.monet.tasks.get(task.id, { timeout: 2 ** 31 })).id).toBe(task.id);
  });

  test("with no time limit and no signal, fetch gets no signal; a caller's long-lived signal is never handed to fetch; an abort still ends a call nobody answers", async () => {
    const seen: (AbortSignal | null | undefined)[] = [];
    const watching: typeof fetch = (input, init) => {
      seen.push(init?.signal);
      return fetch(input, init);
    };
    const untimed = new Monet({ apiKey: KEY, baseUrl: h.mock.url, timeout: Infinity, fetch: watching });
    const task = await untimed.tasks.create(image);
    // One signal for the whole app: fetch would tie listeners to it that only GC removes.
    const app = new AbortController();
    for (let i = 0; i < 50; i++) await untimed.tasks.get(task.id, { signal: app.signal });
    await new Monet({ apiKey: KEY, baseUrl: h.mock.url, fetch: watching }).tasks.get(task.id, { signal: app.signal });
    expect(seen[0]).toBeUndefined();
    expect(seen.slice(1).every((s) => s instanceof AbortSignal && s !== app.signal)).toBe(true);
    expect(getEventListeners(app.signal, "abort")).toHaveLength(0);

    // A server that takes the request and never answers: only the caller's abort ends the call.
    const silent = net.createServer(() => {});
    await new Promise<void>((r) => silent.listen(0, "127.0.0.1", r));
    try {
      const { port } = silent.address() as net.AddressInfo;
      const stop = new AbortController();
      const call = new Monet({ apiKey: KEY, baseUrl: `http://127.0.0.1:${port}`, timeout: Infinity }).tasks.get("task_x", { signal: stop.signal });
      setTimeout(() => stop.abort(new Error("user left")), 50);
      const e = await call.catch((err) => err);
      expect(e).toBeInstanceOf(AbortError);
      expect((e as AbortError).cause).toMatchObject({ message: "user left" });
    } finally {
      silent.close();
    }
  });

  test("waitTimeout: Infinity waits for the task", async () => {
    const task = await h.monet.tasks.create(image);
    expect((await h.monet.tasks.wait(task.id, { ...fast, waitTimeout: Infinity })).status).toBe("success");
  });

  test("a stream with idleTimeout and waitTimeout: Infinity runs to the end", async () => {
    const events: string[] = [];
    for await (const e of h.monet.tasks.stream(image, { idleTimeout: Infinity, waitTimeout: Infinity })) events.push(e.event);
    expect(events.at(-1)).toBe("success");
  });
});

describe("a bad duration or count is refused, naming it, before any request", () => {
  const refusal = (e: unknown, field: string) => {
    expect(e).toBeInstanceOf(InputValidationError);
    const err = e as InputValidationError;
    expect(err.issues.map((i) => i.path)).toEqual([field]);
    expect(err.message).toContain(field);
  };

  test.each([
    ["timeout", Number.NaN],
    ["timeout", -1],
    ["timeout", 0],
    ["timeout", "5000"],
    ["maxRetries", Number.NaN],
    ["maxRetries", -1],
    ["maxRetries", 1.5],
    ["maxRetries", Infinity],
  ])("a call with %s: %s", async (field, value) => {
    const task = await h.monet.tasks.create(image);
    const before = h.sent.length;
    refusal(await h.monet.tasks.get(task.id, { [field]: value }).catch((e) => e), field);
    refusal(await h.monet.tasks.create(image, { [field]: value }).catch((e) => e), field);
    expect(h.sent.length).toBe(before);
  });

  test.each([
    ["pollInterval", Number.NaN],
    ["pollInterval", 0],
    ["pollInterval", -5],
    ["pollInterval", Infinity],
    ["pollInterval", 2 ** 31],
    ["waitTimeout", Number.NaN],
    ["waitTimeout", -1],
    ["idleTimeout", 0],
  ])("wait, run and stream with %s: %s (run and stream create no task)", async (field, value) => {
    const task = await h.monet.tasks.create(image);
    const before = h.sent.length;
    refusal(await h.monet.tasks.wait(task.id, { [field]: value }).catch((e) => e), field);
    refusal(await h.monet.tasks.run(image, { [field]: value }).catch((e) => e), field);
    const stream = h.monet.tasks.stream(image, { [field]: value });
    refusal(await stream.next().catch((e) => e), field);
    expect(h.sent.length).toBe(before);
  });

  test.each([
    ["timeout: NaN", { timeout: Number.NaN }, "timeout"],
    ["timeout: -1", { timeout: -1 }, "timeout"],
    ["maxRetries: NaN", { maxRetries: Number.NaN }, "maxRetries"],
    ["maxRetries: -1", { maxRetries: -1 }, "maxRetries"],
    ["retry: { maxRetries: NaN }", { retry: { maxRetries: Number.NaN } }, "retry.maxRetries"],
  ])("the client with %s", (_name, options, field) => {
    let thrown: unknown;
    try {
      new Monet({ apiKey: KEY, baseUrl: h.mock.url, ...options });
    } catch (e) {
      thrown = e;
    }
    refusal(thrown, field);
  });

  test("the message shows NaN and Infinity as themselves", async () => {
    const err = await h.monet.tasks.get("task_1", { timeout: Number.NaN }).catch((e) => e);
    expect(err.message).toContain("(got NaN)");
    const wait = await h.monet.tasks.wait("task_1", { pollInterval: Infinity }).catch((e) => e);
    expect(wait.message).toContain("(got Infinity)");
  });
});

test("a retry policy whose delay is not a number never makes wait poll faster than its interval", async () => {
  let gets = 0;
  const counting: typeof fetch = (input, init) => {
    if ((init?.method ?? "GET") === "GET") gets++;
    return fetch(input, init);
  };
  const monet = new Monet({ apiKey: KEY, baseUrl: h.mock.url, fetch: counting, maxRetries: 0, retry: { delay: () => Number.NaN } });
  const task = await monet.tasks.create(image);
  await h.fault({ kind: "server-error", status: 503, times: 100_000, method: "GET" });
  const err = await monet.tasks.wait(task.id, { pollInterval: 100, waitTimeout: 600 }).catch((e) => e);
  expect(err.name).toBe("WaitTimeoutError");
  // 600 ms at one poll per 100 ms: about 6 (NaN read as 1 ms made it hundreds).
  expect(gets).toBeGreaterThanOrEqual(2);
  expect(gets).toBeLessThanOrEqual(8);
});
