// The task store keeps tasks by position (an id is its sequence number and random part), so an id
// is found only when it is spelled exactly as the mock wrote it, and a store at its cap evicts
// the oldest task of the key holding the most, with its idempotency key, however many creates go
// past the cap.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type MockServer, startMockServer } from "../src/index.js";
import { json, request } from "./support/raw.js";

const KEY = "monet_store";
const OTHER = "monet_store_other";
const auth = (key = KEY) => ({ authorization: `Bearer ${key}` });
const post = (port: number, key: string, idem: string, prompt = "x") =>
  request(
    port,
    "POST",
    "/api/v1/tasks/async",
    { ...auth(key), "content-type": "application/json" },
    JSON.stringify({ type: "image", input: { model: "flux-2-dev", prompt }, idempotency_key: idem }),
  );

describe("ids", () => {
  let mock: MockServer;
  beforeAll(async () => {
    mock = await startMockServer({ port: 0, taskDuration: 60_000 });
  });
  afterAll(() => mock.close());

  test("a task is found by its exact id only: other spellings of its number are 404", async () => {
    for (let i = 0; i < 40; i++) expect((await post(mock.port, KEY, `warm-${i}`)).status).toBe(200); // ids with two digits of sequence
    const created = json(await post(mock.port, KEY, "exact"));
    const id: string = created.id;
    expect(id).toMatch(/^task_[0-9a-z]+[0-9a-z]{6}$/);
    const got = await request(mock.port, "GET", `/api/v1/tasks/${id}`, auth());
    expect(got.status).toBe(200);
    expect(json(got).id).toBe(id);
    const tail = id.slice(5);
    for (const other of [
      `task_${tail.toUpperCase()}`,
      `task_0${tail}`,
      `task_+${tail}`,
      `task_ ${tail}`,
      `TASK_${tail}`,
      `${id}0`,
      id.slice(0, -1),
      "task_",
      "task_000000",
    ]) {
      const r = await request(mock.port, "GET", `/api/v1/tasks/${encodeURIComponent(other)}`, auth());
      expect(r.status, other).toBe(404);
    }
    // Another key does not see it either.
    expect((await request(mock.port, "GET", `/api/v1/tasks/${id}`, auth(OTHER))).status).toBe(404);
  });
});

describe("maxTasks, many creates past it", () => {
  let mock: MockServer;
  beforeAll(async () => {
    mock = await startMockServer({ port: 0, taskDuration: 60_000, maxTasks: 5 });
  });
  afterAll(() => mock.close());

  test("one key: the newest five stay, in order; the evicted are 404 and their keys create anew", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 37; i++) {
      const r = await post(mock.port, KEY, `k${i}`);
      expect(r.status).toBe(200);
      ids.push(json(r).id);
    }
    expect(mock.state.tasks.size).toBe(5);
    const kept = ids.slice(-5);
    const list = json(await request(mock.port, "GET", "/api/v1/tasks/list", auth(KEY)));
    expect(list.total).toBe(5);
    expect(list.tasks.map((t: { id: string }) => t.id)).toEqual([...kept].reverse());
    for (const id of kept) expect((await request(mock.port, "GET", `/api/v1/tasks/${id}`, auth(KEY))).status).toBe(200);
    for (const id of ids.slice(0, -5)) expect((await request(mock.port, "GET", `/api/v1/tasks/${id}`, auth(KEY))).status).toBe(404);
    // A kept task's key replays it; an evicted task's key (k1) creates a new task.
    expect(json(await post(mock.port, KEY, "k35")).id).toBe(ids[35]);
    const again = json(await post(mock.port, KEY, "k1"));
    expect(again.id).not.toBe(ids[1]);
    expect(mock.state.tasks.all().map((t) => t.id)).toEqual([...kept.slice(1), again.id]);
  });
});

describe("maxTasks is shared fairly between API keys (audit s20-mock F4)", () => {
  let mock: MockServer;
  beforeAll(async () => {
    mock = await startMockServer({ port: 0, taskDuration: 60_000, maxTasks: 5 });
  });
  afterAll(() => mock.close());
  const ids = async (key: string, from: number, n: number) => {
    const out: string[] = [];
    for (let i = from; i < from + n; i++) out.push(json(await post(mock.port, key, `${key}-${i}`)).id);
    return out;
  };
  const found = async (key: string, list: string[]) =>
    Promise.all(list.map(async (id) => (await request(mock.port, "GET", `/api/v1/tasks/${id}`, auth(key))).status));

  test("another key flooding the mock evicts its own tasks, not the developer's", async () => {
    await request(mock.port, "POST", "/__mock/reset", { "content-type": "application/json" }, "{}");
    const mine = await ids(KEY, 0, 2);
    const theirs = await ids(OTHER, 0, 40);
    expect(await found(KEY, mine)).toEqual([200, 200]);
    expect(json(await post(mock.port, KEY, `${KEY}-0`)).id).toBe(mine[0]); // its key still replays it
    expect(await found(OTHER, theirs.slice(-3))).toEqual([200, 200, 200]);
    expect(await found(OTHER, theirs.slice(0, -3))).toEqual(Array(37).fill(404));
    expect(mock.state.tasks.size).toBe(5);
  });

  test("both over: the key holding the most loses its oldest, so each keeps about its share", async () => {
    await request(mock.port, "POST", "/__mock/reset", { "content-type": "application/json" }, "{}");
    const mine = await ids(KEY, 0, 4);
    const theirs = await ids(OTHER, 0, 20);
    // Five places, two keys: the flooding key keeps its newest three, the developer its newest two.
    expect(await found(KEY, mine)).toEqual([404, 404, 200, 200]);
    expect(await found(OTHER, theirs.slice(-3))).toEqual([200, 200, 200]);
    expect(mock.state.tasks.all().map((t) => t.id)).toEqual([...mine.slice(2), ...theirs.slice(-3)]);
  });

  test("a task that outlives a long flood of another key's tasks is still found, listed and replayed", async () => {
    await request(mock.port, "POST", "/__mock/reset", { "content-type": "application/json" }, "{}");
    const [old] = await ids(KEY, 0, 1);
    const theirs = await ids(OTHER, 0, 60); // twelve times maxTasks: far past the store's span
    expect(await found(KEY, [old])).toEqual([200]);
    expect(json(await post(mock.port, KEY, `${KEY}-0`)).id).toBe(old);
    expect(json(await request(mock.port, "GET", "/api/v1/tasks/list", auth(KEY))).tasks.map((t: { id: string }) => t.id)).toEqual([old]);
    expect(mock.state.tasks.all().map((t) => t.id)).toEqual([old, ...theirs.slice(-4)]);
    // Evicted in turn once its key holds the most.
    const mine = await ids(KEY, 1, 3);
    expect(await found(KEY, [old, ...mine])).toEqual([404, 200, 200, 200]);
    expect(mock.state.tasks.size).toBe(5);
  });
});
