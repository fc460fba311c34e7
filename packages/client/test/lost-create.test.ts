// A create whose answers are all lost may have made the task: the idempotency key the client made
// up is the caller's only handle on it. Every error that ends a create (tasks.create, run, stream,
// request) before the API named the task carries that key, and says what to do with it.

import type { AddressInfo } from "node:net";
import net from "node:net";
import { afterEach, expect, test } from "vitest";
import { type Hostile, json, startHostile } from "../../../test/support/hostile.js";
import { AbortError, APIConnectionError, ConflictError, InputValidationError, Monet, type MonetError, UnprocessableEntityError } from "../src/index.js";

const params = { type: "image", input: { model: "flux-2-dev", prompt: "a lighthouse" } } as const;
const task = { id: "task_lost1", status: "pending", type: "image", outputs: [], created_at: "2026-01-01T00:00:00Z", updated_at: "2026-01-01T00:00:00Z" };
const fast = { maxRetries: 1, retry: { delay: () => 0 } };

let closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.map((c) => c()));
  closers = [];
});

/** A server that reads each request's body in full, keeps it, then drops the connection: every answer is lost. */
async function dropsEveryAnswer() {
  const bodies: string[] = [];
  const server = net.createServer((s) => {
    let buf = "";
    s.on("data", (d) => {
      buf += d;
      const end = buf.indexOf("\r\n\r\n");
      if (end < 0) return;
      const len = Number(/content-length: (\d+)/i.exec(buf)?.[1] ?? 0);
      if (buf.length - end - 4 >= len) {
        bodies.push(buf.slice(end + 4, end + 4 + len));
        s.destroy();
      }
    });
    s.on("error", () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  closers.push(() => new Promise((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, bodies };
}

async function hostile(handler: Parameters<typeof startHostile>[0]): Promise<Hostile> {
  const api = await startHostile(handler);
  closers.push(api.close);
  return api;
}

const keyOf = (body: string) => JSON.parse(body).idempotency_key as string;
const mayExist = (e: MonetError) => expect(e.message).toContain(`The task may have been created: create it again with idempotency_key "${e.idempotencyKey}"`);

test("tasks.create whose every answer is lost: the error carries the key all attempts sent, and creating again with it sends that key", async () => {
  const api = await dropsEveryAnswer();
  const monet = new Monet({ apiKey: "monet_test", baseUrl: api.url, ...fast });
  const e = await monet.tasks.create(params).catch((e) => e);
  expect(e).toBeInstanceOf(APIConnectionError);
  expect(api.bodies).toHaveLength(2);
  expect(new Set(api.bodies.map(keyOf))).toEqual(new Set([e.idempotencyKey]));
  mayExist(e);
  // The recovery: the same create with that key (the server finds the task instead of making a second).
  await monet.tasks.create({ ...params, idempotency_key: e.idempotencyKey }).catch(() => {});
  expect(keyOf(api.bodies[2])).toBe(e.idempotencyKey);
});

test("the caller's own key is the one the error carries", async () => {
  const api = await dropsEveryAnswer();
  const monet = new Monet({ apiKey: "monet_test", baseUrl: api.url, maxRetries: 0 });
  const e = await monet.tasks.create({ ...params, idempotency_key: "order-42" }).catch((e) => e);
  expect(e.idempotencyKey).toBe("order-42");
  mayExist(e);
});

test("a create that timed out after the server made the task, then a 409 in progress: the ConflictError carries the key", async () => {
  const api = await hostile((_req, res) => {
    // The first attempt is never answered (the server is still creating); the retry hears "in progress".
    if (api.seen.length > 1) json(res, 409, { error: { code: "conflict", message: "idempotency_key is in progress" } });
  });
  const monet = new Monet({ apiKey: "monet_test", baseUrl: api.url, timeout: 200, ...fast });
  const e = await monet.tasks.create(params).catch((e) => e);
  expect(e).toBeInstanceOf(ConflictError);
  expect(e.status).toBe(409);
  expect(e.idempotencyKey).toBe(keyOf(api.seen[0].body));
  mayExist(e);
});

test("a refusal (422) carries the key but does not say the task may exist; a refused input carries none (nothing was sent)", async () => {
  const api = await hostile((_req, res) => json(res, 422, { error: { code: "validation_error", message: "prompt is not allowed" } }));
  const monet = new Monet({ apiKey: "monet_test", baseUrl: api.url, maxRetries: 0 });
  const e = await monet.tasks.create(params).catch((e) => e);
  expect(e).toBeInstanceOf(UnprocessableEntityError);
  expect(e.idempotencyKey).toBe(keyOf(api.seen[0].body));
  expect(e.message).toBe("prompt is not allowed");
  const bad = await monet.tasks.create({ ...params, input: { ...params.input, prompt: "" } }).catch((e) => e);
  expect(bad).toBeInstanceOf(InputValidationError);
  expect(bad.idempotencyKey).toBeUndefined();
  expect(api.seen).toHaveLength(1);
});

test("tasks.run whose create is lost: the same key on its error", async () => {
  const api = await dropsEveryAnswer();
  const monet = new Monet({ apiKey: "monet_test", baseUrl: api.url, maxRetries: 0 });
  const e = await monet.tasks.run(params).catch((e) => e);
  expect(e).toBeInstanceOf(APIConnectionError);
  expect(e.idempotencyKey).toBe(keyOf(api.bodies[0]));
  mayExist(e);
});

test("tasks.stream cut before its first event, every time: the error names the key every reconnection sent, and the caller can read it", async () => {
  // The stream opens, then breaks before its `created` event (the message once named a key the caller could not get).
  const api = await hostile((_req, res) => {
    res.writeHead(200, { "content-type": "text/event-stream" });
    res.write(": working\n\n");
    setImmediate(() => res.destroy());
  });
  const monet = new Monet({ apiKey: "monet_test", baseUrl: api.url, ...fast });
  const drain = async (m: Monet) => {
    for await (const _ of m.tasks.stream(params));
  };
  const e = await drain(monet).catch((e) => e);
  expect(e).toBeInstanceOf(APIConnectionError);
  expect(api.seen).toHaveLength(2);
  expect(e.idempotencyKey).toBe(keyOf(api.seen[0].body));
  expect(keyOf(api.seen[1].body)).toBe(e.idempotencyKey);
  expect(e.message).toMatch(/^The event stream broke before the API named the task \(2 attempts, one idempotency key\)\. The task may have been created/);
  mayExist(e);
  // Lost before the stream opened (every POST dropped after its body was read): the same.
  const lost = await dropsEveryAnswer();
  const c = await drain(new Monet({ apiKey: "monet_test", baseUrl: lost.url, maxRetries: 0 })).catch((e) => e);
  expect(c).toBeInstanceOf(APIConnectionError);
  expect(c.idempotencyKey).toBe(keyOf(lost.bodies[0]));
  mayExist(c);
});

test("tasks.stream that named its task: a later failure is the task's, without the create's key", async () => {
  const api = await hostile((req, res) => {
    if (req.method === "POST") {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.end(`event: created\ndata: ${JSON.stringify({ event: "created", task })}\n\n`);
    } else json(res, 401, { error: { code: "unauthorized", message: "key revoked" } });
  });
  const monet = new Monet({ apiKey: "monet_test", baseUrl: api.url, maxRetries: 0 });
  const events: string[] = [];
  const e = await (async () => {
    for await (const ev of monet.tasks.stream(params, { pollInterval: 1 })) events.push(ev.event);
  })().catch((e) => e);
  expect(events).toEqual(["created"]);
  expect(e.message).toBe("key revoked");
  expect(e.idempotencyKey).toBeUndefined();
});

test("request('createTask') and request('createTaskStream') whose answers are lost: the key they filled in is on the error", async () => {
  const api = await dropsEveryAnswer();
  const monet = new Monet({ apiKey: "monet_test", baseUrl: api.url, maxRetries: 0 });
  const e = await monet.request("createTask", { body: params as never }).catch((e) => e);
  expect(e).toBeInstanceOf(APIConnectionError);
  expect(e.idempotencyKey).toBe(keyOf(api.bodies[0]));
  mayExist(e);
  const s = await monet.request("createTaskStream", { body: params as never }).catch((e) => e);
  expect(s.idempotencyKey).toBe(keyOf(api.bodies[1]));
  // An operation that creates nothing has no key to give.
  const g = await monet.request("getTask", { path: { taskId: "task_x" } }).catch((e) => e);
  expect(g).toBeInstanceOf(APIConnectionError);
  expect(g.idempotencyKey).toBeUndefined();
});

test("a create whose signal is aborted before it is sent: a plain AbortError, no idempotency key, nothing sent (create, run, stream, request)", async () => {
  const api = await hostile((_req, res) => json(res, 200, task));
  const monet = new Monet({ apiKey: "monet_test", baseUrl: api.url, ...fast });
  const signal = AbortSignal.abort(new Error("user left"));
  const errors = [
    await monet.tasks.create(params, { signal }).catch((e) => e),
    await monet.tasks.run(params, { signal }).catch((e) => e),
    await (async () => {
      for await (const _ of monet.tasks.stream(params, { signal }));
    })().catch((e) => e),
    await monet.request("createTask", { body: params }, { signal }).catch((e) => e),
  ];
  for (const e of errors) {
    expect(e).toBeInstanceOf(AbortError);
    expect(e.message).not.toContain("may have been created");
    expect(e.idempotencyKey).toBeUndefined();
    expect(e.cause).toEqual(new Error("user left"));
  }
  expect(api.seen).toHaveLength(0);
});
