// One retry policy for HTTP calls, wait and stream, against the real mock: the same failures are
// retried everywhere, `maxRetries` bounds stream reconnections too, Retry-After sets the delay,
// and `onRetry` sees every retry. Option names say what they bound.
import net from "node:net";
import { afterEach, expect, test } from "vitest";
import { APIConnectionError, type ClientOptions, InternalServerError, Monet, type RetryInfo, WaitTimeoutError } from "../src/index.js";
import { type Harness, harness } from "./helpers.js";

let h: Harness | undefined;
afterEach(() => h?.close());
const start = async (opts: ClientOptions = {}, mock = {}) => (h = await harness(opts, mock));
const posts = () => h!.sent.filter((s) => s.method === "POST").length;
const gets = () => h!.sent.filter((s) => s.method === "GET").length;

test("wait treats a 408 as the HTTP retries do: transient, so it polls on to the task's end", async () => {
  const { monet, fault } = await start({ maxRetries: 1 });
  const task = await monet.tasks.create({ type: "image", input: { model: "flux-2-dev", prompt: "x" } });
  // More 408s than one poll's retries: the poll fails, and wait must poll again.
  await fault({ kind: "status", status: 408, times: 3, method: "GET" });
  const done = await monet.tasks.wait(task.id, { pollInterval: 20 });
  expect(done.status).toBe("success");
  expect(gets()).toBeGreaterThan(3);
});

test("new Monet({ maxRetries: 0 }): a stream that breaks before its first event is sent once, not three times", async () => {
  const { monet, fault } = await start({ maxRetries: 0 });
  await fault({ kind: "cut-stream", afterEvents: 0, times: 5 });
  const err = await (async () => {
    for await (const _ of monet.tasks.stream({ type: "image", input: { model: "flux-2-dev", prompt: "x" } }, { pollInterval: 20 }));
  })().catch((e) => e);
  expect(err).toBeInstanceOf(APIConnectionError);
  expect(posts()).toBe(1);
});

test("a stream reconnects as often as maxRetries allows, with one idempotency key", async () => {
  const { monet, fault } = await start({ maxRetries: 3 });
  await fault({ kind: "cut-stream", afterEvents: 0, times: 3 });
  const events = [];
  for await (const e of monet.tasks.stream({ type: "image", input: { model: "flux-2-dev", prompt: "x" } }, { pollInterval: 20 })) events.push(e.event);
  expect(events.at(-1)).toBe("success");
  expect(posts()).toBe(4);
  const keys = h!.sent.filter((s) => s.method === "POST").map((s) => JSON.parse(String(s.init.body)).idempotency_key);
  expect(new Set(keys).size).toBe(1);
  expect(h!.mock.state.tasks.size).toBe(1);
});

test("onRetry sees HTTP retries, wait's re-polls and stream reconnections; Retry-After sets the delay", async () => {
  const seen: RetryInfo[] = [];
  const { monet, fault } = await start({ maxRetries: 1, retry: { onRetry: (i) => seen.push(i) } });
  await fault({ kind: "rate-limit", retryAfter: 0, times: 1 });
  await monet.tasks.list();
  expect(seen).toEqual([expect.objectContaining({ what: "GET /api/v1/tasks/list", retry: 1, delay: 0 })]);
  expect(seen[0].error.status).toBe(429);

  const task = await monet.tasks.create({ type: "image", input: { model: "flux-2-dev", prompt: "x" } });
  seen.length = 0;
  await fault({ kind: "server-error", status: 503, times: 2, method: "GET" });
  await monet.tasks.wait(task.id, { pollInterval: 20 });
  expect(seen.map((i) => i.what)).toEqual([`GET /api/v1/tasks/${task.id}`, `wait ${task.id}`]);

  seen.length = 0;
  await fault({ kind: "cut-stream", afterEvents: 0, times: 1 });
  for await (const _ of monet.tasks.stream({ type: "image", input: { model: "flux-2-dev", prompt: "y" } }, { pollInterval: 20 }));
  expect(seen.map((i) => i.what)).toEqual(["stream"]);
});

test("a 429 with Retry-After-Ms waits that many ms (the mock's steady limit asks for under a second), not a whole second", async () => {
  const seen: RetryInfo[] = [];
  const { monet, fault } = await start({ maxRetries: 1, retry: { onRetry: (i) => seen.push(i) } });
  // 5 per second with a burst of 1: the second call at once is told to wait up to 200 ms.
  await fault({ kind: "rate-limit", rate: "5/s", burst: 1 } as never);
  await monet.tasks.get("task_abc123").catch(() => {});
  await monet.tasks.get("task_abc123").catch(() => {});
  const limited = seen.find((i) => i.error.status === 429);
  expect(limited, "the second call was rate limited").toBeDefined();
  // Retry-After says 1 s (whole seconds); Retry-After-Ms says at most the 200 ms the bucket needs.
  expect(limited!.delay).toBeGreaterThan(0);
  expect(limited!.delay).toBeLessThanOrEqual(200);
});

test("a Retry-After-Ms that is not a number (a date, a negative, text) is ignored for the server's Retry-After", async () => {
  const { Monet } = await import("../src/index.js");
  for (const bad of ["soon", "-5", "Wed, 25 Nov 2026 18:00:00 GMT", "1e3", ""]) {
    const seen: RetryInfo[] = [];
    let calls = 0;
    // A server that lies in one header: each first answer is a 429 with a broken Retry-After-Ms and Retry-After: 0.
    const fetch = async () =>
      ++calls === 1
        ? new Response('{"error":{"code":"rate_limited","message":"slow down"}}', { status: 429, headers: { "retry-after-ms": bad, "retry-after": "0" } })
        : Response.json({ id: "task_abc123", status: "pending", type: "image", created_at: "2026-02-27T10:00:00Z" });
    const monet = new Monet({ apiKey: "monet_x", baseUrl: "http://127.0.0.1:9", fetch, maxRetries: 1, retry: { onRetry: (i) => seen.push(i) } });
    await monet.tasks.get("task_abc123");
    expect(
      seen.map((i) => i.delay),
      JSON.stringify(bad),
    ).toEqual([0]);
  }
});

test("which errors retry is the policy's choice, for every kind of call", async () => {
  const { monet, fault } = await start({ retry: { retryable: () => false } });
  await fault({ kind: "server-error", status: 503, times: 1 });
  expect(await monet.tasks.list().catch((e) => e)).toBeInstanceOf(InternalServerError);
  expect(h!.sent).toHaveLength(1);
  const task = await monet.tasks.create({ type: "image", input: { model: "flux-2-dev", prompt: "x" } });
  await fault({ kind: "server-error", status: 503, times: 1, method: "GET" });
  expect(await monet.tasks.wait(task.id, { pollInterval: 20 }).catch((e) => e)).toBeInstanceOf(InternalServerError);
});

test("wait's waitTimeout bounds the whole wait; its timeout bounds each poll", async () => {
  const { monet, fault } = await start({ maxRetries: 0 }, { taskDuration: 60_000 });
  const task = await monet.tasks.create({ type: "image", input: { model: "flux-2-dev", prompt: "x" } });
  expect(await monet.tasks.wait(task.id, { pollInterval: 30, waitTimeout: 200 }).catch((e) => e)).toBeInstanceOf(WaitTimeoutError);
  // A poll slower than `timeout` is a timeout of that poll (retryable): wait polls again.
  await fault({ kind: "latency", ms: 2000, times: 1, method: "GET" });
  const seen: string[] = [];
  const err = await monet.tasks.wait(task.id, { pollInterval: 30, timeout: 100, waitTimeout: 1500, onProgress: (t) => seen.push(t.status) }).catch((e) => e);
  expect(err).toBeInstanceOf(WaitTimeoutError);
  expect(seen.length).toBeGreaterThan(0); // a later poll answered
  expect(gets()).toBeGreaterThan(2);
});

test("a refused connection says where it went and why (fetch's own message is only 'fetch failed')", async () => {
  // A port that was just free: nothing listens there.
  const server = net.createServer().listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((r) => server.close(r));
  const monet = new Monet({ apiKey: "monet_x", baseUrl: `http://127.0.0.1:${port}`, maxRetries: 0 });
  const err = await monet.tasks.get("task_1").catch((e) => e);
  expect(err).toBeInstanceOf(APIConnectionError);
  expect(err.message).toBe(`Connection failed: GET http://127.0.0.1:${port}/api/v1/tasks/task_1: connect ECONNREFUSED 127.0.0.1:${port}`);
});
