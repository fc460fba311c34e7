// Audit s23-client F2: a task id holding a format character (a bidi override, a zero-width space)
// was one the client followed. A create answered `task_<U+202E>gpj.exe` resolved with it, and an
// app showing that id showed `task_exe.jpg`; `get("task<U+200B>abc")`, pasted from a page, was sent
// and came back 404. Such an id is now refused as a control character is: from a caller before any
// request, from a server (a create, a stream's event) as the APIError naming the id, its format
// characters escaped so the message names the id the server sent.
import { afterEach, expect, test } from "vitest";
import { type Hostile, json, startHostile } from "../../../test/support/hostile.js";
import { APIError, InputValidationError, Monet } from "../src/index.js";
import { isFollowableTaskId } from "../src/operations.js";

let server: Hostile | undefined;
afterEach(() => server?.close());

const INVISIBLE = ["task_\u202Egpj.exe", "task\u200Babc", "task\u2066x\u2069", "task\u200E", "task\u00AD1", "task\u061C"];
const escaped = (id: string) => JSON.stringify(id).replace(/\p{Cf}/gu, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
const input = { type: "image", input: { model: "flux-2-dev", prompt: "x" } } as const;

test.each(INVISIBLE)("%j is not a followable task id; ids of any script still are", (id) => {
  expect(isFollowableTaskId(id)).toBe(false);
  for (const ok of ["task_abc123", "tâche_é", "任务-1", "a$&b%c'~(x)"]) expect(isFollowableTaskId(ok), ok).toBe(true);
});

test.each(INVISIBLE)("get(%j) is refused before any request, naming taskId", async (id) => {
  server = await startHostile((_req, res) => json(res, 404, { error: { message: "no such task" } }));
  const monet = new Monet({ apiKey: "monet_x", baseUrl: server.url, maxRetries: 0 });
  for (const call of [() => monet.tasks.get(id), () => monet.tasks.wait(id), () => monet.request("getTask", { path: { taskId: id } })]) {
    const err = await call().catch((e) => e);
    expect(err).toBeInstanceOf(InputValidationError);
    expect(err.issues[0].path).toBe("taskId");
  }
  expect(server.seen).toHaveLength(0);
});

test.each(INVISIBLE)("a create answered with task id %j is an APIError naming it, escaped, sent once", async (id) => {
  server = await startHostile((_req, res) => json(res, 200, { id, type: "image", status: "pending" }));
  const monet = new Monet({ apiKey: "monet_x", baseUrl: server.url });
  const err = await monet.tasks.create(input).catch((e) => e);
  expect(err).toBeInstanceOf(APIError);
  expect(err.unfollowableTaskId).toBe(id);
  expect(err.message).toContain(`the server answered the create with task id ${escaped(id)}, which no call can follow`);
  expect(server.seen).toHaveLength(1);
});

test("a stream whose event names a task id with a bidi override is an APIError naming it, escaped", async () => {
  const id = "task_\u202Egpj.exe";
  server = await startHostile((_req, res) =>
    res
      .writeHead(200, { "content-type": "text/event-stream" })
      .end(`event: created\ndata: ${JSON.stringify({ event: "created", task: { id, type: "image", status: "pending" } })}\n\n`),
  );
  const monet = new Monet({ apiKey: "monet_x", baseUrl: server.url });
  const err = await (async () => {
    for await (const _ of monet.tasks.stream(input)) {
    }
  })().catch((e) => e);
  expect(err).toBeInstanceOf(APIError);
  expect(err.unfollowableTaskId).toBe(id);
  expect(err.message).toContain(`the event stream named task id "task_\\u202egpj.exe", which no call can follow`);
});
