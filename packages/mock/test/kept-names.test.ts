// Audit s20-mock F1: a task kept its whole idempotency_key, and each owner its whole API key, so
// any web page could add ~1 MiB per create (1 MB keys) or ~30 KiB (a new 15 KB API key each time)
// until the mock ran out of heap. Now a long name is kept as a fixed-size digest (kept-name.ts),
// measured here as the size the store keeps, and idempotency answers exactly as before.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type MockServer, startMockServer } from "../src/index.js";
import { KEPT_NAME_CHARS } from "../src/kept-name.js";
import { json, request } from "./support/raw.js";

const KEY = "monet_kept";
/** The longest name a task or owner may keep: a name up to KEPT_NAME_CHARS, or its digest. */
const MAX_KEPT = KEPT_NAME_CHARS + 8;
let mock: MockServer;
beforeAll(async () => {
  mock = await startMockServer({ port: 0, taskDuration: 60_000 });
});
afterAll(() => mock.close());

/** A create whose body is this text (so a key can be written with JSON escapes). */
const send = (apiKey: string, idemJson: string, prompt = "x") =>
  request(
    mock.port,
    "POST",
    "/api/v1/tasks/async",
    { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
    `{"type":"image","input":{"model":"flux-2-dev","prompt":${JSON.stringify(prompt)}},"idempotency_key":${idemJson}}`,
  );
const create = (apiKey: string, idem: string, prompt = "x") => send(apiKey, JSON.stringify(idem), prompt);
const kept = (id: string) => mock.state.tasks.all().find((t) => t.id === id);

describe("a long idempotency_key is kept as a digest, and idempotency is unchanged", () => {
  const long = "k".repeat(1_000_000);

  test("a 1 MB key: the task keeps a few dozen characters, not the key", async () => {
    const r = await create(KEY, long);
    expect(r.status).toBe(200);
    const t = kept(json(r).id);
    expect(t?.key.length).toBeLessThanOrEqual(MAX_KEPT);
  });

  test("the same long key and body is the same task; another body is 409; another key a new task", async () => {
    const first = json(await create(KEY, `${long}a`));
    expect(json(await create(KEY, `${long}a`)).id).toBe(first.id);
    expect(mock.state.tasks.forKey(KEY, `${long}a`)?.id).toBe(first.id);
    const conflict = await create(KEY, `${long}a`, "another prompt");
    expect(conflict.status).toBe(409);
    expect(json(conflict).error.code).toBe("conflict");
    // Keys that differ only in their last character are two keys.
    const other = json(await create(KEY, `${long}b`));
    expect(other.id).not.toBe(first.id);
  });

  test("keys differing only in a lone surrogate stay two keys (the digest is of UTF-16 units)", async () => {
    const base = "s".repeat(KEPT_NAME_CHARS);
    const a = json(await send(KEY, `"${base}\\ud800"`));
    const b = json(await send(KEY, `"${base}\\udc00"`));
    expect(a.id).toBeDefined();
    expect(b.id).not.toBe(a.id);
    expect(json(await send(KEY, `"${base}\\ud800"`)).id).toBe(a.id);
  });

  test("a short key that spells a digest is its own key, not the long key's", async () => {
    const atLimit = "c".repeat(KEPT_NAME_CHARS);
    const longer = `${atLimit}c`;
    const t1 = json(await create(KEY, atLimit));
    const t2 = json(await create(KEY, longer));
    expect(t2.id).not.toBe(t1.id);
    expect(kept(t1.id)?.key).toBe(atLimit);
    // The long key's kept digest, sent as a key, is a new key (it is long too: digested again).
    const digest = kept(t2.id)?.key as string;
    expect(digest).not.toBe(longer);
    const t3 = json(await create(KEY, digest));
    expect(t3.id).not.toBe(t2.id);
  });
});

describe("a long API key names its owner by a digest", () => {
  test("a new 15 KB key per create keeps a few dozen characters per owner; the key still finds its own", async () => {
    const keys = [0, 1, 2].map((i) => `monet_${String(i).repeat(15_000)}`);
    const ids: string[] = [];
    for (const k of keys) {
      const r = await create(k, "same-idem");
      expect(r.status).toBe(200);
      ids.push(json(r).id);
    }
    expect(new Set(ids).size).toBe(3);
    for (const id of ids) expect(kept(id)?.owner.length).toBeLessThanOrEqual(MAX_KEPT);
    // Each key reads its own task, lists it, replays it, and not another's.
    const auth = (k: string) => ({ authorization: `Bearer ${k}` });
    expect((await request(mock.port, "GET", `/api/v1/tasks/${ids[0]}`, auth(keys[0]))).status).toBe(200);
    expect((await request(mock.port, "GET", `/api/v1/tasks/${ids[0]}`, auth(keys[1]))).status).toBe(404);
    const list = json(await request(mock.port, "GET", "/api/v1/tasks/list", auth(keys[1])));
    expect(list.tasks.map((t: { id: string }) => t.id)).toEqual([ids[1]]);
    expect(json(await create(keys[2], "same-idem")).id).toBe(ids[2]);
    const mine = json(await request(mock.port, "GET", "/__mock/tasks", auth(keys[2])));
    expect(mine.tasks.map((t: { id: string }) => t.id)).toEqual([ids[2]]);
  });
});
