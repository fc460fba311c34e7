// `for await (const t of monet.tasks.list())` against a server that lies about its pages (audit
// s17-client H2, L6): the walk ends, with the server's APIError, after a bounded number of
// requests whatever the pages say; what it yields is tasks; the server's `page` never steers it.
import { afterEach, expect, test } from "vitest";
import { type Hostile, json, startHostile } from "../../../test/support/hostile.js";
import { APIError, Monet } from "../src/index.js";

let server: Hostile | undefined;
afterEach(() => server?.close());

const task = (id: string) => ({ id, type: "image", status: "success", created_at: "2026-11-27T00:00:00Z" });
/** An empty page, the end of any walk: answered after this many requests, so old code that asked for ever ends (and fails) quickly. */
const ENOUGH = 20;
const end = { tasks: [], page: 0, pageSize: 1, total: 0 };
/** The page number the client asked for (1 when it asked for none). */
const asked = (path: string) => Number(new URL(path, "http://x").searchParams.get("page") ?? 1);

/** Walks the listing to its end (at most `most` tasks, so an endless walk fails the test instead of hanging it). */
async function walk(monet: Monet, params = {}, most = 5000) {
  const ids: unknown[] = [];
  try {
    for await (const t of monet.tasks.list(params)) if (ids.push(t?.id ?? t) >= most) break;
  } catch (e) {
    return { ids, error: e as Error };
  }
  return { ids, error: undefined };
}

test("the same page for every page number ends the walk with an APIError after the second request (it asked without end before)", async () => {
  server = await startHostile((_req, res) =>
    json(res, 200, server && server.seen.length > ENOUGH ? end : { tasks: [task("task_same")], page: 1, pageSize: 1, total: 1e15 }),
  );
  const { ids, error } = await walk(new Monet({ apiKey: "monet_x", baseUrl: server.url, maxRetries: 0 }));
  expect(ids).toEqual(["task_same"]);
  expect(error).toBeInstanceOf(APIError);
  expect(error?.message).toContain("Page 2 of /api/v1/tasks/list held no task the walk had not already yielded");
  expect(server.seen).toHaveLength(2);
});

test("a server that ignores page= with an honest total is an APIError, not a walk that silently ends after the first page", async () => {
  const first = Array.from({ length: 20 }, (_, i) => task(`task_${i}`));
  server = await startHostile((_req, res) => json(res, 200, { tasks: first, page: 1, pageSize: 20, total: 1000 }));
  const { ids, error } = await walk(new Monet({ apiKey: "monet_x", baseUrl: server.url, maxRetries: 0 }));
  expect(ids).toHaveLength(20);
  expect(error).toBeInstanceOf(APIError);
  expect(server.seen).toHaveLength(2);
});

test("a server that ignores page= is an APIError even when its total says the next page is the last (the walk ended quietly, a task missing)", async () => {
  server = await startHostile((_req, res) => json(res, 200, { tasks: [task("task_first")], page: 1, pageSize: 1, total: 2 }));
  const { ids, error } = await walk(new Monet({ apiKey: "monet_x", baseUrl: server.url, maxRetries: 0 }), { pageSize: 1 });
  expect(ids).toEqual(["task_first"]);
  expect(error).toBeInstanceOf(APIError);
  expect(server.seen).toHaveLength(2);
});

test("pages that cycle (A, B, A) end the walk at the first repeat", async () => {
  server = await startHostile((req, res) => {
    const p = asked(req.url ?? "");
    json(res, 200, p > ENOUGH ? end : { tasks: [task(p % 2 ? "task_a" : "task_b")], page: p, pageSize: 1, total: 1e6 });
  });
  const { ids, error } = await walk(new Monet({ apiKey: "monet_x", baseUrl: server.url, maxRetries: 0 }), { pageSize: 1 });
  expect(ids).toEqual(["task_a", "task_b"]);
  expect(error).toBeInstanceOf(APIError);
  expect(server.seen).toHaveLength(3);
});

test.each([
  ["-3", -3],
  ["1e20", 1e20],
  ["stuck at 1", 1],
  ["a string", "7"],
])("the server's page number (%s) is not read: the client counts its own pages (a bad one was an InputValidationError)", async (_name, page) => {
  server = await startHostile((req, res) => {
    const p = asked(req.url ?? "");
    json(res, 200, { tasks: [task(`task_${p}`)], page, pageSize: 1, total: 3 });
  });
  const { ids, error } = await walk(new Monet({ apiKey: "monet_x", baseUrl: server.url, maxRetries: 0 }), { pageSize: 1 });
  expect(error).toBeUndefined();
  expect(ids).toEqual(["task_1", "task_2", "task_3"]);
  expect(server.seen.map((s) => s.path)).toEqual([
    "/api/v1/tasks/list?pageSize=1",
    "/api/v1/tasks/list?pageSize=1&page=2",
    "/api/v1/tasks/list?pageSize=1&page=3",
  ]);
});

test("a page longer than the pageSize asked for is an APIError naming both (10,000 tasks a page were taken in, without end)", async () => {
  server = await startHostile((req, res) => {
    const p = asked(req.url ?? "");
    json(res, 200, p > ENOUGH ? end : { tasks: Array.from({ length: 10_000 }, (_, i) => task(`task_${p}_${i}`)), page: p, pageSize: 10_000, total: 1e12 });
  });
  const monet = new Monet({ apiKey: "monet_x", baseUrl: server.url, maxRetries: 0 });
  const one = await monet.tasks.list({ pageSize: 50 }).catch((e) => e);
  expect(one).toBeInstanceOf(APIError);
  expect(one.message).toContain("at most 50 tasks");
  expect(one.message).toContain("got 10000");
  // Without a pageSize the bound is the spec's largest page, read from the operations table.
  const { ids, error } = await walk(monet);
  expect(ids).toEqual([]);
  expect(error).toBeInstanceOf(APIError);
  expect(error?.message).toMatch(/at most \d+ tasks .* got 10000/);
  expect(server.seen).toHaveLength(2);
});

test.each([
  ["null", null],
  ["a number", 5],
  ["a string", "x"],
  ["an object whose id is a number", { id: 7 }],
])("a page with an entry that is not a task (%s) is an APIError naming it, for await and for the walk (it was yielded as a Task)", async (_name, entry) => {
  server = await startHostile((_req, res) => json(res, 200, { tasks: [task("task_ok"), entry], page: 1, pageSize: 4, total: 2 }));
  const monet = new Monet({ apiKey: "monet_x", baseUrl: server.url, maxRetries: 0 });
  const one = await monet.tasks.list().catch((e) => e);
  expect(one).toBeInstanceOf(APIError);
  expect(one.message).toBe(`Expected a page of tasks, got an entry ${JSON.stringify(entry)}`);
  const { ids, error } = await walk(monet);
  expect(ids).toEqual([]);
  expect(error).toBeInstanceOf(APIError);
});

test("an honest walk while tasks are created skips the ones that shifted onto the next page, and yields every task once", async () => {
  // Newest first, 7 tasks; two more are created between the first and the second page.
  let all = Array.from({ length: 7 }, (_, i) => task(`task_${7 - i}`));
  server = await startHostile((req, res) => {
    const p = asked(req.url ?? "");
    if (p === 2) all = [task("task_9"), task("task_8"), ...all];
    json(res, 200, { tasks: all.slice((p - 1) * 3, p * 3), page: p, pageSize: 3, total: all.length });
  });
  const { ids, error } = await walk(new Monet({ apiKey: "monet_x", baseUrl: server.url, maxRetries: 0 }), { pageSize: 3 });
  expect(error).toBeUndefined();
  expect(ids).toEqual(["task_7", "task_6", "task_5", "task_4", "task_3", "task_2", "task_1"]);
});
