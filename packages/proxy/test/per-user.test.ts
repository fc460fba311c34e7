// Many users, one key (s14 proxy audit M1): every task belongs to the server's key, so a proxy that
// forwards every operation to every signed-in user let Bob list Alice's tasks and read her outputs.
// The app now names the operations it forwards (`operations`), and `authorize` is told which one a
// request calls with its path parameters, so it can keep each user to their own tasks. Against
// the real mock, through the standard handler, with the client as a browser would use it.
import { Monet } from "@monet-ai/client";
import { type MockServer, startMockServer } from "@monet-ai/mock";
import { afterAll, beforeAll, expect, test } from "vitest";
import { createMonetProxy, type ProxiedOperation } from "../src/index.js";

const KEY = "monet_server_side_per_user_7";
let mock: MockServer;
let upstream: string[] = [];
const seen: ProxiedOperation[] = [];
/** The app's record of who created which task (its database), filled from the create answers. */
const owner = new Map<string, string>();

beforeAll(async () => {
  mock = await startMockServer({ port: 0, taskDuration: 100, logger: (line) => upstream.push(String(line)) });
});
afterAll(async () => {
  await mock?.close();
});

/** The app's mount: sessions by a header (a cookie in a real app), the proxy, and the record of creates. */
function app() {
  const proxy = createMonetProxy({
    apiKey: KEY,
    baseUrl: mock.url,
    operations: ["createTask", "getTask", "uploadFile"],
    authorize: (req, operation) => {
      seen.push(operation);
      const user = req.headers.get("x-user");
      if (!user) return false;
      return operation.operationId !== "getTask" || owner.get(operation.params.taskId) === user;
    },
  });
  return async (req: Request) => {
    const res = await proxy(req);
    // A create's answer names the task: the app records whose it is.
    if (req.method === "POST" && new URL(req.url).pathname.endsWith("/tasks/async") && res.ok) {
      const task = (await res.clone().json()) as { id: string };
      owner.set(task.id, req.headers.get("x-user") as string);
    }
    return res;
  };
}

/** The client of one signed-in user, talking to the app in-process. */
function browserOf(user: string, handler: (req: Request) => Promise<Response>) {
  return new Monet({
    apiKey: null,
    baseUrl: "http://app.test/api/monet",
    defaultHeaders: { "x-user": user },
    maxRetries: 0,
    fetch: (input, init) => handler(new Request(input, init)),
  });
}

test("Bob cannot list or read Alice's task; Alice reads hers; a refused call never reaches Monet", async () => {
  const handler = app();
  const alice = browserOf("alice", handler);
  const bob = browserOf("bob", handler);
  const task = await alice.tasks.create({ type: "image", input: { model: "flux-2-dev", prompt: "alice's" } });
  expect((await alice.tasks.get(task.id)).id).toBe(task.id);

  upstream = [];
  // listTasks is not forwarded: answered as a path that is not the API's, and nothing is sent.
  const listed = await handler(new Request("http://localhost/api/monet/api/v1/tasks/list", { headers: { "x-user": "bob" } }));
  expect(listed.status).toBe(404);
  await expect(bob.tasks.list()).rejects.toMatchObject({ status: 404 });
  // getTask of a task Bob did not create: authorize refuses it, before anything is sent.
  await expect(bob.tasks.get(task.id)).rejects.toMatchObject({ status: 403 });
  expect(upstream).toEqual([]);
});

test("authorize is told the operation and its path parameters, decoded", async () => {
  const handler = app();
  const alice = browserOf("alice", handler);
  seen.length = 0;
  const task = await alice.tasks.create({ type: "image", input: { model: "flux-2-dev", prompt: "x" } });
  await alice.tasks.get(task.id);
  await alice.files.upload(new Uint8Array(4), { filename: "a.bin" });
  expect(seen).toEqual([
    { operationId: "createTask", params: {} },
    { operationId: "getTask", params: { taskId: task.id } },
    { operationId: "uploadFile", params: {} },
  ]);
});

test("an operation the app did not list is a 404, as a path outside the API; by default every operation is forwarded", async () => {
  const narrowed = app();
  const stream = await narrowed(
    new Request("http://localhost/api/monet/api/v1/tasks/sync", {
      method: "POST",
      headers: { "x-user": "alice", "content-type": "application/json" },
      body: "{}",
    }),
  );
  expect(stream.status).toBe(404);
  const all = createMonetProxy({ apiKey: KEY, baseUrl: mock.url });
  const page = await all(new Request("http://localhost/api/monet/api/v1/tasks/list"));
  expect(page.status).toBe(200);
});

test("an operation id the spec does not have is refused when the proxy is made, naming the API's", () => {
  expect(() => createMonetProxy({ apiKey: KEY, operations: ["createTask", "deleteEverything" as never] })).toThrow(
    /Unknown operations for the Monet proxy: deleteEverything \(the API's: createTask, .*listTasks/,
  );
});
