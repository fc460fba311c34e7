// The task store keeps tasks by position (an id is its sequence number and random part), so an id
// is found only when it is spelled exactly as the mock wrote it, and a store at its cap evicts
// the oldest task, with its idempotency key, however many creates go past the cap.
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

  test("the newest five stay, of both keys, in order; the evicted are 404 and their keys create anew", async () => {
    const ids: { key: string; id: string }[] = [];
    for (let i = 0; i < 37; i++) {
      const key = i % 3 === 0 ? OTHER : KEY;
      const r = await post(mock.port, key, `k${i}`);
      expect(r.status).toBe(200);
      ids.push({ key, id: json(r).id });
    }
    expect(mock.state.tasks.size).toBe(5);
    const kept = ids.slice(-5);
    for (const key of [KEY, OTHER]) {
      const list = json(await request(mock.port, "GET", "/api/v1/tasks/list", auth(key)));
      const mine = kept.filter((t) => t.key === key).map((t) => t.id);
      expect(list.total).toBe(mine.length);
      expect(list.tasks.map((t: { id: string }) => t.id)).toEqual(mine.reverse());
    }
    for (const { key, id } of kept) expect((await request(mock.port, "GET", `/api/v1/tasks/${id}`, auth(key))).status).toBe(200);
    for (const { key, id } of ids.slice(0, -5)) expect((await request(mock.port, "GET", `/api/v1/tasks/${id}`, auth(key))).status).toBe(404);
    // A kept task's key replays it; an evicted task's key (k1, KEY's) creates a new task.
    expect(json(await post(mock.port, KEY, "k35")).id).toBe(ids[35].id);
    const again = json(await post(mock.port, KEY, "k1"));
    expect(again.id).not.toBe(ids[1].id);
    expect(mock.state.tasks.all().map((t) => t.id)).toEqual([...kept.slice(1).map((t) => t.id), again.id]);
  });
});
