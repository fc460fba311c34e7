// `tasks.stream` and `tasks.wait` against a server whose events and polls lie (audit s17-client
// M2, L4): the stream's task is the one its first event names, an id no call can follow is the
// server's APIError (not an InputValidationError at the fallback poll), an event never says
// `success` of a task that is not, and every poll error names the task waited on.
import { afterEach, expect, test } from "vitest";
import { type Hostile, json, startHostile } from "../../../test/support/hostile.js";
import { APIError, InputValidationError, Monet, NotFoundError } from "../src/index.js";
import { event, params, SSE, task } from "./sse-answers.js";

let server: Hostile | undefined;
afterEach(() => server?.close());

const notFound = { error: { code: "not_found", message: "task not found" } };

/** The events the stream yielded (`name:id:status`) and the error it ended with, if any. */
async function drain(monet: Monet, opts = {}) {
  const events: string[] = [];
  try {
    for await (const e of monet.tasks.stream(params, { pollInterval: 10, ...opts })) events.push(`${e.event}:${e.task.id}:${e.task.status}`);
  } catch (e) {
    return { events, error: e as APIError };
  }
  return { events, error: undefined };
}

const gets = () => server?.seen.filter((s) => s.method === "GET").length;

test("an event for another task than the stream's is the server's APIError naming both (the user's loop took success:task_other as its own end)", async () => {
  server = await startHostile((req, res) => {
    if (req.method === "GET") return json(res, 200, task("task_mine", "success"));
    res.writeHead(200, SSE);
    res.end(event("created", task("task_mine")) + event("progress", task("task_other", "processing")) + event("success", task("task_other", "success")));
  });
  const { events, error } = await drain(new Monet({ apiKey: "monet_x", baseUrl: server.url }));
  expect(events).toEqual(["created:task_mine:pending"]);
  expect(error).toBeInstanceOf(APIError);
  expect(error?.message).toBe('the event stream of task task_mine sent an event for another task, "task_other"');
  expect(error?.taskId).toBe("task_mine");
});

test.each([
  ["a created event", (res: import("node:http").ServerResponse) => res.writeHead(200, SSE).end(event("created", task("../admin")))],
  [
    "an error event",
    (res: import("node:http").ServerResponse) =>
      res.writeHead(200, SSE).end(`event: error\ndata: ${JSON.stringify({ event: "error", task_id: "../admin" })}\n\n`),
  ],
  ["an answer that is not a stream", (res: import("node:http").ServerResponse) => json(res, 200, task("../admin"))],
])(
  "%s naming a task id no call can follow is an APIError naming it, at once, nothing yielded (it was an InputValidationError at the poll)",
  async (_name, answer) => {
    server = await startHostile((req, res) => (req.method === "GET" ? json(res, 200, task("x", "success")) : answer(res)));
    const { events, error } = await drain(new Monet({ apiKey: "monet_x", baseUrl: server.url }));
    expect(events).toEqual([]);
    expect(error).toBeInstanceOf(APIError);
    expect(error).not.toBeInstanceOf(InputValidationError);
    // The API answered the create, so the task may exist: the error carries the create's key too.
    expect(error?.message.startsWith('the event stream named task id "../admin", which no call can follow.')).toBe(true);
    expect(error?.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
    expect(error?.unfollowableTaskId).toBe("../admin");
    expect(gets()).toBe(0);
  },
);

test("an error event naming another task than the stream's is an APIError", async () => {
  server = await startHostile((req, res) => {
    if (req.method === "GET") return json(res, 200, task("task_mine", "success"));
    res.writeHead(200, SSE).end(`${event("created", task("task_mine"))}event: error\ndata: ${JSON.stringify({ event: "error", task_id: "task_b" })}\n\n`);
  });
  const { events, error } = await drain(new Monet({ apiKey: "monet_x", baseUrl: server.url }));
  expect(events).toEqual(["created:task_mine:pending"]);
  expect(error).toBeInstanceOf(APIError);
  expect(error?.message).toContain('another task, "task_b"');
  // Not a create's refused id: no marker, not even as undefined.
  expect(error && "unfollowableTaskId" in error).toBe(false);
  expect(gets()).toBe(0);
});

test("a success event whose task failed is yielded as failed, once (success came first, then a made-up failed)", async () => {
  server = await startHostile((_req, res) => res.writeHead(200, SSE).end(event("created", task("task_a1")) + event("success", task("task_a1", "failed"))));
  const { events, error } = await drain(new Monet({ apiKey: "monet_x", baseUrl: server.url }));
  expect(error).toBeUndefined();
  expect(events).toEqual(["created:task_a1:pending", "failed:task_a1:failed"]);
});

test("a success event whose task is still processing is a progress event, and the stream goes on to the true end", async () => {
  server = await startHostile((req, res) => {
    if (req.method === "GET") return json(res, 200, task("task_a1", "success"));
    res.writeHead(200, SSE).end(event("created", task("task_a1")) + event("success", task("task_a1", "processing")));
  });
  const { events, error } = await drain(new Monet({ apiKey: "monet_x", baseUrl: server.url }));
  expect(error).toBeUndefined();
  expect(events).toEqual(["created:task_a1:pending", "progress:task_a1:processing", "success:task_a1:success"]);
});

test("a 404 of the task the stream just announced is the API lagging: polled again, and the stream ends on the task (it ended on the 404, without taskId)", async () => {
  let polls = 0;
  server = await startHostile((req, res) => {
    if (req.method === "POST") return res.writeHead(200, SSE).end(event("created", task("task_a1")));
    if (++polls === 1) return json(res, 404, notFound);
    json(res, 200, task("task_a1", "success"));
  });
  const { events, error } = await drain(new Monet({ apiKey: "monet_x", baseUrl: server.url }));
  expect(error).toBeUndefined();
  expect(events).toEqual(["created:task_a1:pending", "success:task_a1:success"]);
  expect(polls).toBe(2);
});

test("a 404 that lasts ends the stream after maxRetries more polls, a NotFoundError naming the task", async () => {
  server = await startHostile((req, res) =>
    req.method === "POST" ? res.writeHead(200, SSE).end(event("created", task("task_a1"))) : json(res, 404, notFound),
  );
  const { events, error } = await drain(new Monet({ apiKey: "monet_x", baseUrl: server.url, maxRetries: 2, retry: { delay: () => 0 } }));
  expect(events).toEqual(["created:task_a1:pending"]);
  expect(error).toBeInstanceOf(NotFoundError);
  expect(error?.taskId).toBe("task_a1");
  expect(gets()).toBe(3);
});

test("a 404 after a poll found the task is final at once, and names it", async () => {
  let polls = 0;
  server = await startHostile((req, res) => {
    if (req.method === "POST") return res.writeHead(200, SSE).end(event("created", task("task_a1")));
    if (++polls === 1) return json(res, 200, task("task_a1", "processing"));
    json(res, 404, notFound);
  });
  const { events, error } = await drain(new Monet({ apiKey: "monet_x", baseUrl: server.url }));
  expect(events).toEqual(["created:task_a1:pending", "progress:task_a1:processing"]);
  expect(error).toBeInstanceOf(NotFoundError);
  expect(error?.taskId).toBe("task_a1");
  expect(polls).toBe(2);
});

test("wait: an error from a poll names the task waited on (a 404 had no taskId)", async () => {
  server = await startHostile((_req, res) => json(res, 404, notFound));
  const error = await new Monet({ apiKey: "monet_x", baseUrl: server.url }).tasks.wait("task_gone", { pollInterval: 10 }).catch((e) => e);
  expect(error).toBeInstanceOf(NotFoundError);
  expect(error.taskId).toBe("task_gone");
  expect(server.seen).toHaveLength(1);
});
