// A server whose answers are not what was asked: `wait` on answers that are not tasks, and
// `stream` on a create answered without an event stream. Each ends as the server's error (an
// APIError naming what came) or, when the answer names its task, polls that task; never a
// TypeError from deep inside the poll loop, and never a second create.
import { afterEach, expect, test } from "vitest";
import { type Hostile, startHostile } from "../../../test/support/hostile.js";
import { APIError, Monet } from "../src/index.js";

let server: Hostile | undefined;
afterEach(() => server?.close());

test.each([
  ["null", "null"],
  ["a list", "[]"],
  ["a string", '"done"'],
  ["a number", "1"],
  ["an object without an id", '{"status":"success"}'],
])("an answer of %s is an APIError from get, create and wait, on the first answer", async (_name, body) => {
  server = await startHostile((_req, res) => res.writeHead(200, { "content-type": "application/json" }).end(body));
  const monet = new Monet({ apiKey: "monet_x", baseUrl: server.url, maxRetries: 0 });
  const calls = [
    () => monet.tasks.get("task_1"),
    () => monet.tasks.create({ type: "image", input: { model: "flux-2-dev", prompt: "x" } }),
    () => monet.tasks.wait("task_1", { pollInterval: 10, waitTimeout: 2_000 }),
  ];
  for (const call of calls) {
    const err = await call().catch((e) => e);
    expect(err).toBeInstanceOf(APIError);
    expect(err.message).toContain(`Expected a task, got ${body}`);
  }
  // One request each: the wait stopped at its first answer.
  expect(server.seen).toHaveLength(3);
});

test("outputs that are not a list are read as none: the wait still ends on the final status", async () => {
  const task = { id: "task_1", status: "failed", outputs: { url: "x" }, error: "not an object" };
  server = await startHostile((_req, res) => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(task)));
  const monet = new Monet({ apiKey: "monet_x", baseUrl: server.url, maxRetries: 0 });
  const err = await monet.tasks.wait("task_1", { pollInterval: 10, waitTimeout: 2_000 }).catch((e) => e);
  expect(err.name).toBe("TaskFailedError");
  expect(err.task).toEqual(task);
});

const image = { type: "image", input: { model: "flux-2-dev", prompt: "x" } } as const;

test("a stream answered with the created task as JSON polls that task, after one POST", async () => {
  server = await startHostile((req, res) => {
    const status = req.method === "POST" ? "pending" : "success";
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ id: "task_json", status, type: "image" }));
  });
  const monet = new Monet({ apiKey: "monet_x", baseUrl: server.url });
  const events: string[] = [];
  for await (const e of monet.tasks.stream(image, { pollInterval: 10 })) events.push(`${e.event}:${e.task.id}`);
  expect(events.at(-1)).toBe("success:task_json");
  expect(server.seen.filter((s) => s.method === "POST")).toHaveLength(1);
  expect(server.seen.filter((s) => s.method === "GET").map((s) => s.path)).toContain("/api/v1/tasks/task_json");
});

test("a stream answered with an HTML page is an APIError naming it, after one POST", async () => {
  server = await startHostile((_req, res) => res.writeHead(200, { "content-type": "text/html" }).end("<html>a login page</html>"));
  const monet = new Monet({ apiKey: "monet_x", baseUrl: server.url });
  const err = await (async () => {
    for await (const _ of monet.tasks.stream(image, { pollInterval: 10 })) void _;
  })().catch((e) => e);
  expect(err).toBeInstanceOf(APIError);
  expect(err.message).toContain("Expected an event stream from POST /api/v1/tasks/sync, got text/html (HTTP 200)");
  expect(server.seen).toHaveLength(1);
});

test("a page without a list of tasks ends the walk with an APIError", async () => {
  server = await startHostile((_req, res) => res.writeHead(200, { "content-type": "application/json" }).end('{"data":[],"total":5}'));
  const monet = new Monet({ apiKey: "monet_x", baseUrl: server.url, maxRetries: 0 });
  const err = await (async () => {
    for await (const _ of monet.tasks.list()) void _;
  })().catch((e) => e);
  expect(err).toBeInstanceOf(APIError);
  expect(err.message).toContain("Expected a page of tasks");
});

test("a page without its numbers (page, pageSize, total) ends the walk after it (the client asked for page NaN before)", async () => {
  const page = { tasks: [{ id: "task_1", status: "success", type: "image" }] };
  server = await startHostile((_req, res) => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(page)));
  const monet = new Monet({ apiKey: "monet_x", baseUrl: server.url, maxRetries: 0 });
  const ids: string[] = [];
  for await (const t of monet.tasks.list()) ids.push(t.id);
  expect(ids).toEqual(["task_1"]);
  expect(server.seen).toHaveLength(1);
});

test.each([
  ["no url", "{}"],
  ["null", "null"],
  ["an empty url", '{"url":""}'],
  ["a javascript: url", '{"url":"javascript:alert(1)"}'],
])("an upload answered with %s is an APIError, and a create with local media sends no task", async (_name, body) => {
  server = await startHostile((_req, res) => res.writeHead(200, { "content-type": "application/json" }).end(body));
  const monet = new Monet({ apiKey: "monet_x", baseUrl: server.url, maxRetries: 0 });
  const png = () => new Blob([new Uint8Array([137, 80, 78, 71])], { type: "image/png" });
  const upload = await monet.files.upload(png()).catch((e) => e);
  expect(upload).toBeInstanceOf(APIError);
  expect(upload.message).toContain("The upload was answered without a file URL");
  const create = await monet.tasks.create({ type: "image", input: { model: "flux-kontext-pro", prompt: "x", images: [png()] } }).catch((e) => e);
  expect(create).toBeInstanceOf(APIError);
  expect(server.seen.filter((s) => s.path.startsWith("/api/v1/tasks"))).toHaveLength(0);
});
