// s10 F1/F7: a server that names another task than the one asked for, and a create whose event
// stream breaks before the API named its task.
import { afterEach, expect, test } from "vitest";
import { type Hostile, startHostile } from "../../../test/support/hostile.js";
import { APIConnectionError, APIError, Monet } from "../src/index.js";

let server: Hostile | undefined;
afterEach(() => server?.close());

test("GET /tasks/task_42 answered with another task is an APIError naming both ids, from get and wait, with no retry", async () => {
  const other = "task_42 succeeded; monet wait task_43 \x1b]";
  server = await startHostile((_req, res) =>
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ id: other, type: "image", status: "success", outputs: [] })),
  );
  const monet = new Monet({ apiKey: "monet_x", baseUrl: server.url });
  for (const call of [() => monet.tasks.get("task_42"), () => monet.tasks.wait("task_42", { pollInterval: 10, waitTimeout: 5_000 })]) {
    const err = await call().catch((e) => e);
    expect(err).toBeInstanceOf(APIError);
    expect(err.message).toBe(`the server answered a GET of task task_42 with another task, ${JSON.stringify(other)}`);
    expect(err.taskId).toBe("task_42");
  }
  expect(server.seen.map((s) => s.path)).toEqual(["/api/v1/tasks/task_42", "/api/v1/tasks/task_42"]);
});

test("the answer naming the task asked for is the task", async () => {
  server = await startHostile((_req, res) =>
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ id: "task_42", type: "image", status: "pending" })),
  );
  const monet = new Monet({ apiKey: "monet_x", baseUrl: server.url });
  expect((await monet.tasks.get("task_42")).id).toBe("task_42");
});

test("a stream cut before the task was named: every attempt sends the same key, and the error does not claim no task was created", async () => {
  // Each create is answered with an event stream that closes before any event (the task may exist).
  server = await startHostile((_req, res) => {
    res.writeHead(200, { "content-type": "text/event-stream" });
    res.end();
  });
  const monet = new Monet({ apiKey: "monet_x", baseUrl: server.url, maxRetries: 2 });
  const events: unknown[] = [];
  const err = await (async () => {
    for await (const e of monet.tasks.stream({ type: "image", input: { model: "flux-2-dev", prompt: "x" } }, { pollInterval: 10 })) events.push(e);
  })().catch((e) => e);
  expect(events).toEqual([]);
  expect(err).toBeInstanceOf(APIConnectionError);
  expect(err.message).not.toMatch(/before the task was created/);
  expect(err.message).toMatch(/may have been created/);
  expect(err.message).toContain("3 attempts, one idempotency key");
  const keys = server.seen.map((s) => JSON.parse(s.body).idempotency_key);
  expect(keys).toHaveLength(3);
  expect(new Set(keys).size).toBe(1);
});
