// A create answered with a task id that GET /tasks/{taskId} cannot take (`a/b/4`, `..`, a control
// character) was accepted: the caller kept (and journaled) an id it could never follow, and learned
// so only at its first GET. Now the create itself is refused, naming the id, without a retry: the
// same create (the same idempotency key) would be answered the same way.
import { afterEach, expect, test } from "vitest";
import { type Hostile, startHostile } from "../../../test/support/hostile.js";
import { APIError, Monet } from "../src/index.js";

let server: Hostile | undefined;
afterEach(() => server?.close());

test.each(["a/b/4", "..", "task_1\x07"])("a create answered with task id %j is an APIError naming it, sent once", async (id) => {
  server = await startHostile((_req, res) =>
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ id, type: "image", status: "pending" })),
  );
  const monet = new Monet({ apiKey: "monet_x", baseUrl: server.url });
  const err = await monet.tasks.create({ type: "image", input: { model: "flux-2-dev", prompt: "x" } }).catch((e) => e);
  expect(err).toBeInstanceOf(APIError);
  expect(err.message).toContain(`the server answered the create with task id ${JSON.stringify(id)}, which no call can follow`);
  // The marker callers read instead of these words (the CLI, the AI SDK provider): the id itself.
  expect(err.unfollowableTaskId).toBe(id);
  expect(server.seen).toHaveLength(1);
});

test("a create answered with a task id GET takes is the task", async () => {
  server = await startHostile((_req, res) =>
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ id: "task_42", type: "image", status: "pending" })),
  );
  const monet = new Monet({ apiKey: "monet_x", baseUrl: server.url });
  expect((await monet.tasks.create({ type: "image", input: { model: "flux-2-dev", prompt: "x" } })).id).toBe("task_42");
});
