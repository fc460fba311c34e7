// `wait` against a server whose task answers are not tasks: each ends as the server's error (a
// MonetError naming what came), never as a TypeError from deep inside the poll loop.
import { afterEach, expect, test } from "vitest";
import { APIError, Monet } from "../src/index.js";
import { type Hostile, startHostile } from "./hostile.js";

let server: Hostile | undefined;
afterEach(() => server?.close());

test.each([
  ["null", "null"],
  ["a list", "[]"],
  ["a string", '"done"'],
  ["a number", "1"],
])("an answer of %s ends the wait with an APIError", async (_name, body) => {
  server = await startHostile((_req, res) => res.writeHead(200, { "content-type": "application/json" }).end(body));
  const monet = new Monet({ apiKey: "monet_x", baseUrl: server.url, maxRetries: 0 });
  const err = await monet.tasks.wait("task_1", { pollInterval: 10, waitTimeout: 2_000 }).catch((e) => e);
  expect(err).toBeInstanceOf(APIError);
  expect(err.message).toContain(`Expected a task for task_1, got ${body}`);
  // Refused on the first answer: no poll after it.
  expect(server.seen).toHaveLength(1);
});

test("outputs that are not a list are read as none: the wait still ends on the final status", async () => {
  const task = { id: "task_1", status: "failed", outputs: { url: "x" }, error: "not an object" };
  server = await startHostile((_req, res) => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(task)));
  const monet = new Monet({ apiKey: "monet_x", baseUrl: server.url, maxRetries: 0 });
  const err = await monet.tasks.wait("task_1", { pollInterval: 10, waitTimeout: 2_000 }).catch((e) => e);
  expect(err.name).toBe("TaskFailedError");
  expect(err.task).toEqual(task);
});
