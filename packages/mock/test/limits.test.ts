// Issue 21.5: an oversized body gets a 413 answer with the spec's Error body (never a reset the
// client would retry), and the mock's memory is bounded: expired uploads are freed, stored
// uploads and tasks are capped, oldest first.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { spec, validator } from "../../../test/support/spec.ts";
import { type MockServer, startMockServer } from "../src/index.js";
import { json, raw, request } from "./support/raw.js";

const KEY = "monet_limits";
const auth = { authorization: `Bearer ${KEY}` };
const MiB = 1024 * 1024;
let mock: MockServer;
beforeAll(async () => {
  mock = await startMockServer({ port: 0, taskDuration: 200 });
});
afterAll(() => mock.close());

/** A task request body of exactly `size` bytes (a long prompt). */
const bodyOf = (size: number) => {
  const base = JSON.stringify({ type: "image", input: { model: "flux-2-dev", prompt: "" }, idempotency_key: "big" });
  return base.replace('"prompt":""', `"prompt":"${"a".repeat(size - base.length)}"`);
};
const isError = (body: unknown) => validator("ErrorResponse")(body);

describe("a JSON body over 1 MiB gets 413 with the Error body, over a connection that stays usable", () => {
  test("the spec declares 413 on both task creates", () => {
    for (const p of ["/api/v1/tasks/async", "/api/v1/tasks/sync"]) expect(Object.keys(spec.paths[p].post.responses)).toContain("413");
  });

  test.each(["/api/v1/tasks/async", "/api/v1/tasks/sync"])("%s, Content-Length framed, then a second request on the same socket", async (path) => {
    const big = bodyOf(MiB + 1);
    const head = `POST ${path} HTTP/1.1\r\nhost: 127.0.0.1\r\nauthorization: Bearer ${KEY}\r\ncontent-type: application/json\r\ncontent-length: ${big.length}\r\n\r\n`;
    const next = `GET /api/v1/tasks/list HTTP/1.1\r\nhost: 127.0.0.1\r\nauthorization: Bearer ${KEY}\r\n\r\n`;
    const [tooLarge, after] = await raw(mock.port, [head, big, next], 2);
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.headers["content-type"]).toMatch(/^application\/json/);
    const body = json(tooLarge);
    expect(isError(body)).toBe(true);
    expect(body.error.code).toBe("payload_too_large");
    expect(body.error.message).toMatch(/1 MiB/);
    expect(after.status).toBe(200);
  });

  test("chunked (no Content-Length), with Connection: close: the whole 413 arrives, no reset", async () => {
    const big = bodyOf(3 * MiB);
    const chunks = [];
    for (let i = 0; i < big.length; i += 64 * 1024) {
      const c = big.slice(i, i + 64 * 1024);
      chunks.push(`${c.length.toString(16)}\r\n${c}\r\n`);
    }
    const head = `POST /api/v1/tasks/async HTTP/1.1\r\nhost: 127.0.0.1\r\nauthorization: Bearer ${KEY}\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\n`;
    const [r] = await raw(mock.port, [head, ...chunks, "0\r\n\r\n"]);
    expect(r.status).toBe(413);
    expect(json(r).error.code).toBe("payload_too_large");
  });

  test("fetch sees a 413 response, not a network error", async () => {
    const res = await fetch(`${mock.url}/api/v1/tasks/async`, {
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body: bodyOf(2 * MiB),
    });
    expect(res.status).toBe(413);
    expect((await res.json()).error.code).toBe("payload_too_large");
  });

  test("exactly 1 MiB is still read (and validated)", async () => {
    const r = await request(mock.port, "POST", "/api/v1/tasks/async", { ...auth, "content-type": "application/json" }, bodyOf(MiB));
    expect(r.status).not.toBe(413);
  });

  test("an upload over maxUploadBytes gets 413 naming the limit", async () => {
    const small = await startMockServer({ port: 0, maxUploadBytes: 4096 });
    try {
      const form = new FormData();
      form.append("file", new Blob([new Uint8Array(5000)], { type: "image/png" }), "big.png");
      const res = await fetch(`${small.url}/api/v1/files`, { method: "POST", headers: auth, body: form });
      expect(res.status).toBe(413);
      const body = await res.json();
      expect(isError(body)).toBe(true);
      expect(body.error.message).toMatch(/4096 bytes|4 KiB/);
      expect(small.state.files.list(small.url)).toEqual([]);
    } finally {
      await small.close();
    }
  });
});

describe("stored state is bounded", () => {
  const put = async (m: MockServer, name: string, size: number, key = KEY) => {
    const form = new FormData();
    form.append("file", new Blob([new Uint8Array(size).fill(1)], { type: "image/png" }), name);
    const res = await fetch(`${m.url}/api/v1/files`, { method: "POST", headers: { authorization: `Bearer ${key}` }, body: form });
    expect(res.status).toBe(200);
    return (await res.json()) as { id: string; url: string };
  };

  test("expired uploads are freed without any further request, and their URL says 410 expired", async () => {
    const short = await startMockServer({ port: 0, fileLifetime: 300 });
    try {
      const f = await put(short, "a.png", 10_000);
      expect(short.state.files.storedBytes).toBe(10_000);
      // Freed by the mock's own sweep, not by a request touching the file.
      await expect.poll(() => short.state.files.storedBytes, { timeout: 15_000, interval: 100 }).toBe(0);
      const gone = await fetch(f.url);
      expect(gone.status).toBe(410);
      expect((await gone.json()).error.code).toBe("expired");
    } finally {
      await short.close();
    }
  });

  test("maxStoredBytes: the oldest uploads are evicted first", async () => {
    const capped = await startMockServer({ port: 0, maxStoredBytes: 3000 });
    try {
      const a = await put(capped, "a.png", 1200);
      const b = await put(capped, "b.png", 1200);
      const c = await put(capped, "c.png", 1200);
      expect(capped.state.files.storedBytes).toBeLessThanOrEqual(3000);
      expect((await fetch(a.url)).status).toBe(410);
      expect((await fetch(b.url)).status).toBe(200);
      expect((await fetch(c.url)).status).toBe(200);
    } finally {
      await capped.close();
    }
  });

  test("maxStoredBytes and maxFiles: another key's uploads evict its own first, not the developer's (audit s20-mock F4)", async () => {
    const capped = await startMockServer({ port: 0, maxStoredBytes: 3000, maxFiles: 4 });
    try {
      const mine = await put(capped, "mine.png", 1000);
      const theirs = [];
      for (let i = 0; i < 6; i++) theirs.push(await put(capped, `t${i}.png`, 900, "monet_flood"));
      expect((await fetch(mine.url)).status).toBe(200);
      expect(capped.state.files.storedBytes).toBeLessThanOrEqual(3000);
      // The flooding key keeps its newest two (1,800 bytes beside the developer's 1,000).
      expect(await Promise.all(theirs.map(async (f) => (await fetch(f.url)).status))).toEqual([410, 410, 410, 410, 200, 200]);
      // Past maxFiles, too: small files, counted.
      for (let i = 0; i < 6; i++) theirs.push(await put(capped, `s${i}.png`, 10, "monet_flood"));
      expect((await fetch(mine.url)).status).toBe(200);
      expect(capped.state.files.list(capped.url, KEY)).toHaveLength(1);
      expect(capped.state.files.list(capped.url, "monet_flood")).toHaveLength(3);
      // The developer's own uploads still evict its own oldest when it holds the most.
      const next = [await put(capped, "m1.png", 1000), await put(capped, "m2.png", 1000)];
      expect((await fetch(mine.url)).status).toBe(410);
      for (const f of next) expect((await fetch(f.url)).status).toBe(200);
    } finally {
      await capped.close();
    }
  });

  test("maxTasks: the oldest tasks are evicted first", async () => {
    const capped = await startMockServer({ port: 0, maxTasks: 3 });
    try {
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) {
        const r = await request(
          capped.port,
          "POST",
          "/api/v1/tasks/async",
          { ...auth, "content-type": "application/json" },
          JSON.stringify({ type: "image", input: { model: "flux-2-dev", prompt: `n${i}` }, idempotency_key: `k${i}` }),
        );
        expect(r.status).toBe(200);
        ids.push(json(r).id);
      }
      expect(capped.state.tasks.size).toBe(3);
      const list = json(await request(capped.port, "GET", "/api/v1/tasks/list", auth));
      expect(list.total).toBe(3);
      expect(list.tasks.map((t: { id: string }) => t.id)).toEqual([ids[4], ids[3], ids[2]]);
      expect((await request(capped.port, "GET", `/api/v1/tasks/${ids[0]}`, auth)).status).toBe(404);
    } finally {
      await capped.close();
    }
  });

  test("a task keeps a digest of a large request, not the request: 1 MiB of padding costs a few bytes", async () => {
    // An audit grew the mock by 1 GB per 1,000 creates padded this way: each task kept its text.
    const create = (idem: string, input: Record<string, unknown>, pad = 0) =>
      request(
        mock.port,
        "POST",
        "/api/v1/tasks/async",
        { ...auth, "content-type": "application/json" },
        `${" ".repeat(pad)}${JSON.stringify({ type: "image", input, idempotency_key: idem })}`,
      );
    const input = { model: "flux-2-dev", prompt: "padded" };
    const padded = await create("padded", input, MiB - 200);
    expect(padded.status).toBe(200);
    const task = mock.state.tasks.forKey(KEY, "padded");
    expect(task?.id).toBe(json(padded).id);
    expect(task?.request.length).toBeLessThan(100);
    // A replay is still known by its JSON, whatever its spacing or key order; another input is a conflict.
    const replay = await create("padded", { prompt: "padded", model: "flux-2-dev" });
    expect(json(replay).id).toBe(task?.id);
    expect((await create("padded", { ...input, prompt: "other" }, MiB - 200)).status).toBe(409);
    // A usual request keeps its text: a byte-identical replay compares at no cost.
    const usual = await create("usual", input);
    expect(mock.state.tasks.forKey(KEY, "usual")?.request).toBe(JSON.stringify({ type: "image", input, idempotency_key: "usual" }));
    expect(json(await create("usual", input)).id).toBe(json(usual).id);
  });

  // The upload budget (bytes being read) is tested in upload-budget.test.ts.

  test("bad limits are refused at start, naming the option", async () => {
    await expect(startMockServer({ port: 0, maxTasks: 0 })).rejects.toThrow(/maxTasks/);
    await expect(startMockServer({ port: 0, maxStoredBytes: -1 })).rejects.toThrow(/maxStoredBytes/);
  });
});
