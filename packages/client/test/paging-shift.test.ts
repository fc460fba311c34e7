// Audit s17-recheck N1: `for await (const t of monet.tasks.list())` over an honest server (newest
// first, its page and total right) ended in "the server repeats pages" when exactly a page's worth
// of tasks was created between two reads: the next page then holds only tasks already yielded. A
// page all seen is honest when the total grew by a page or more: the walk reads on, and yields
// every task. A list that grows as fast as the walk reads ends after 10 such pages in a row, with
// an APIError that does not blame the server.
import { afterEach, expect, test } from "vitest";
import { type Hostile, json, startHostile } from "../../../test/support/hostile.js";
import { APIError, Monet } from "../src/index.js";

let server: Hostile | undefined;
afterEach(() => server?.close());

const task = (id: string) => ({ id, type: "image", status: "success", created_at: "2026-11-27T00:00:00Z" });

/** An honest store, newest first, whose `created(page)` tasks are created by another client after each read. */
async function honest(initial: number, created: (page: number) => number) {
  const ids: string[] = [];
  let next = 0;
  const add = (n: number) => {
    for (let i = 0; i < n; i++) ids.unshift(`task_${next++}`);
  };
  add(initial);
  server = await startHostile((req, res) => {
    const q = new URL(req.url ?? "", "http://x").searchParams;
    const page = Number(q.get("page") ?? 1);
    const pageSize = Number(q.get("pageSize") ?? 20);
    json(res, 200, { tasks: ids.slice((page - 1) * pageSize, page * pageSize).map(task), page, pageSize, total: ids.length });
    add(created(page));
  });
  return { ids, monet: new Monet({ apiKey: "monet_x", baseUrl: server.url, maxRetries: 0 }) };
}

/** Walks to the end (at most 5,000 tasks, so an endless walk fails the test instead of hanging it). */
async function walk(monet: Monet, pageSize: number) {
  const ids: string[] = [];
  try {
    for await (const t of monet.tasks.list({ pageSize })) if (ids.push(t.id) >= 5000) break;
  } catch (e) {
    return { ids, error: e as Error };
  }
  return { ids, error: undefined };
}

test.each([1, 5, 10, 20])(
  "a page's worth of tasks created after the first read (pageSize %i): every task there before is walked, no error",
  async (pageSize) => {
    const initial = pageSize * 2 + 3;
    const { monet } = await honest(initial, (page) => (page === 1 ? pageSize : 0));
    const { ids, error } = await walk(monet, pageSize);
    expect(error).toBeUndefined();
    expect(new Set(ids).size).toBe(ids.length);
    for (let i = 0; i < initial; i++) expect(ids).toContain(`task_${i}`);
  },
);

test.each([
  [5, 2],
  [10, 2],
  [4, 5],
])("pageSize %i, %i pages' worth created after each of the first two reads: the walk reads on to the end", async (pageSize, pages) => {
  const initial = pageSize * 3;
  const { monet } = await honest(initial, (page) => (page <= 2 ? pageSize * pages : 0));
  const { ids, error } = await walk(monet, pageSize);
  expect(error).toBeUndefined();
  for (let i = 0; i < initial; i++) expect(ids).toContain(`task_${i}`);
});

test("a page's worth created after every read: the walk ends after 10 such pages (the pages it remembers) with an APIError that does not blame the server", async () => {
  const { monet } = await honest(30, () => 10);
  const { ids, error } = await walk(monet, 10);
  expect(ids).toHaveLength(10);
  expect(error).toBeInstanceOf(APIError);
  expect(error?.message).toContain("tasks were created as fast as it read them");
  expect(error?.message).not.toContain("repeats pages");
  expect(server?.seen).toHaveLength(11);
});

// Audit s17-recheck (left then): a server that cycles through more distinct pages than the walk
// remembers ids for (10 pages) made every page look new, and the walk asked for ever.
test.each([11, 25])("a server cycling through %i distinct pages of a huge total: an APIError that blames it, after one cycle", async (cycle) => {
  server = await startHostile((req, res) => {
    const page = Number(new URL(req.url ?? "", "http://x").searchParams.get("page") ?? 1);
    const at = (page - 1) % cycle;
    json(res, 200, { tasks: [0, 1, 2, 3, 4].map((i) => task(`task_${at}_${i}`)), page, pageSize: 5, total: 1_000_000_000 });
  });
  const monet = new Monet({ apiKey: "monet_x", baseUrl: server.url, maxRetries: 0 });
  const { ids, error } = await walk(monet, 5);
  expect(error).toBeInstanceOf(APIError);
  expect(error?.message).toContain("the server repeats pages");
  expect(ids).toHaveLength(cycle * 5);
  expect(server.seen).toHaveLength(cycle + 1);
});
