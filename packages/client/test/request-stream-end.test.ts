// `request` on a streaming operation against a server whose stream stops short: it ends cleanly
// after `created`, ends after an `error` event, or sends an event past the size limit. Each is an
// error naming the task (an end taken as success told `monet api` its task was done, exit 0),
// while `tasks.stream` keeps its own recovery: it polls the same task to its end.
import type http from "node:http";
import { afterEach, expect, test } from "vitest";
import { type Hostile, json, startHostile } from "../../../test/support/hostile.js";
import { APIConnectionError, APIError, Monet } from "../src/index.js";
import { MAX_EVENT } from "../src/sse-lines.js";

let server: Hostile | undefined;
afterEach(() => server?.close());

const task = (status: string) => ({
  id: "task_cut",
  type: "image",
  status,
  created_at: "2026-01-01T00:00:00Z",
  ...(status === "success" ? { outputs: [{ url: "https://cdn.example/a.png", status: "success", progress: 100 }] } : {}),
});
const sse = (res: http.ServerResponse, events: object[], tail = "") => {
  res.writeHead(200, { "content-type": "text/event-stream" });
  for (const e of events) res.write(`event: ${(e as { event: string }).event}\ndata: ${JSON.stringify(e)}\n\n`);
  res.end(tail);
};
const body = { type: "image", input: { model: "flux-2-dev", prompt: "x" } } as const;

/** The events `request("createTaskStream")` yields, and what it threw at the end. */
async function drain(monet: Monet) {
  const events: unknown[] = [];
  const error = await (async () => {
    for await (const e of await monet.request("createTaskStream", { body })) events.push(e);
  })().catch((e) => e);
  return { events, error };
}

const ends: [string, (res: http.ServerResponse) => void, RegExp][] = [
  ["ends cleanly after created", (res) => sse(res, [{ event: "created", task: task("pending") }]), /ended before the task's final status/],
  [
    "ends after an error event",
    (res) =>
      sse(res, [
        { event: "created", task: task("pending") },
        { event: "error", task_id: "task_cut", error: { code: "stream_error", message: "gone" } },
      ]),
    /ended before the task's final status/,
  ],
];

test.each(ends)("a stream that %s is an APIConnectionError naming the task, after the events it sent", async (_, answer, message) => {
  server = await startHostile((_req, res) => answer(res));
  const { events, error } = await drain(new Monet({ apiKey: "monet_test", baseUrl: server.url, maxRetries: 0 }));
  expect(events.length).toBeGreaterThan(0);
  expect(error).toBeInstanceOf(APIConnectionError);
  expect(error.message).toMatch(message);
  expect(error.message).toContain("task task_cut goes on");
  expect(error.taskId).toBe("task_cut");
});

test("a stream that ends before any event is an APIConnectionError carrying the create's idempotency key", async () => {
  server = await startHostile((_req, res) => sse(res, []));
  const { events, error } = await drain(new Monet({ apiKey: "monet_test", baseUrl: server.url, maxRetries: 0 }));
  expect(events).toEqual([]);
  expect(error).toBeInstanceOf(APIConnectionError);
  expect(error.taskId).toBeUndefined();
  expect(error.idempotencyKey).toBe(JSON.parse(server.seen[0].body).idempotency_key);
});

test("an event past the size limit is an APIError saying the server broke the contract, naming the task", async () => {
  server = await startHostile((_req, res) => sse(res, [{ event: "created", task: task("pending") }], `data: ${"x".repeat(MAX_EVENT + 1)}`));
  const { events, error } = await drain(new Monet({ apiKey: "monet_test", baseUrl: server.url, maxRetries: 0 }));
  expect(events).toHaveLength(1);
  expect(error).toBeInstanceOf(APIError);
  expect(error).not.toBeInstanceOf(APIConnectionError);
  expect(error.message).toMatch(`sent an event over ${MAX_EVENT} characters`);
  expect(error.message).toMatch(/broke its contract/);
  expect(error.taskId).toBe("task_cut");
});

test("a stream that ends after its final event is no error", async () => {
  server = await startHostile((_req, res) =>
    sse(res, [
      { event: "created", task: task("pending") },
      { event: "success", task: task("success") },
    ]),
  );
  const { events, error } = await drain(new Monet({ apiKey: "monet_test", baseUrl: server.url, maxRetries: 0 }));
  expect(error).toBeUndefined();
  expect(events).toHaveLength(2);
});

test.each([
  ...ends.map(([what, answer]) => [what, answer] as const),
  [
    "sends an event past the size limit",
    (res: http.ServerResponse) => sse(res, [{ event: "created", task: task("pending") }], `data: ${"x".repeat(MAX_EVENT + 1)}`),
  ] as const,
])("tasks.stream, on a stream that %s, polls the same task to its end (one create)", async (_, answer) => {
  server = await startHostile((req, res) => (req.method === "GET" ? json(res, 200, task("success")) : answer(res)));
  const monet = new Monet({ apiKey: "monet_test", baseUrl: server.url, maxRetries: 0 });
  const events = [];
  for await (const e of monet.tasks.stream(body, { pollInterval: 10 })) events.push(e.event);
  expect(events).toEqual(["created", "success"]);
  expect(server.seen.filter((s) => s.method === "POST")).toHaveLength(1);
});
