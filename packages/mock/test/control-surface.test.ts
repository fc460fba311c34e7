// Issue 21.4: the control surface (/__mock/*) against a hostile web page and DNS rebinding, and
// uploads that a page cannot list, guess, or turn into a script on the mock's origin. Every
// request here is raw HTTP to the real mock on a free loopback port, with the headers a browser
// would send.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type MockServer, startMockServer } from "../src/index.js";
import { json, request } from "./support/raw.js";

const KEY = "monet_Zq9xW3vP7tK2";
const OTHER = "monet_Yb8uV2nQ6sJ1";
let mock: MockServer;
beforeAll(async () => {
  mock = await startMockServer({ port: 0, taskDuration: 200 });
});
afterAll(() => mock.close());

const fault = JSON.stringify({ kind: "server-error", times: 50 });
const listOk = async () => (await request(mock.port, "GET", "/api/v1/tasks/list", { authorization: `Bearer ${KEY}` })).status;

async function upload(key: string, name: string, type: string, bytes = "hello") {
  const form = new FormData();
  form.append("file", new Blob([bytes], { type }), name);
  const res = await fetch(`${mock.url}/api/v1/files`, { method: "POST", headers: { authorization: `Bearer ${key}` }, body: form });
  expect(res.status).toBe(200);
  return (await res.json()) as { id: string; url: string };
}

describe("a web page on another origin cannot drive the control API", () => {
  test("a simple text/plain POST (a <form> or fetch no-cors) is refused with 415 and adds no fault", async () => {
    const r = await request(mock.port, "POST", "/__mock/faults", { "content-type": "text/plain;charset=UTF-8", origin: "https://evil.example" }, fault);
    expect([403, 415]).toContain(r.status);
    const same = await request(mock.port, "POST", "/__mock/faults", { "content-type": "text/plain" }, fault);
    expect(same.status).toBe(415);
    expect(json(same).error.message).toMatch(/application\/json/);
    expect(mock.state.faults.list()).toEqual([]);
    expect(await listOk()).toBe(200);
  });

  test("a form-encoded POST to /__mock/reset is refused and forgets nothing", async () => {
    await upload(KEY, "keep.png", "image/png");
    const before = mock.state.files.list(mock.url).length;
    for (const type of ["application/x-www-form-urlencoded", "multipart/form-data; boundary=x"]) {
      const r = await request(mock.port, "POST", "/__mock/reset", { "content-type": type, origin: "https://evil.example" }, "a=b");
      expect([403, 415]).toContain(r.status);
    }
    const bare = await request(mock.port, "POST", "/__mock/reset", {}, "");
    expect(bare.status).toBe(415);
    expect(mock.state.files.list(mock.url).length).toBe(before);
  });

  test("a JSON POST from a foreign Origin is refused with 403 (no fault added)", async () => {
    const r = await request(mock.port, "POST", "/__mock/faults", { "content-type": "application/json", origin: "https://evil.example" }, fault);
    expect(r.status).toBe(403);
    expect(r.headers["access-control-allow-origin"]).toBeUndefined();
    expect(mock.state.faults.list()).toEqual([]);
  });

  test("no wildcard CORS: a foreign preflight gets no Allow-Origin; a loopback frontend gets its own origin back", async () => {
    const evil = await request(mock.port, "OPTIONS", "/__mock/faults", {
      origin: "https://evil.example",
      "access-control-request-method": "POST",
      "access-control-request-headers": "content-type",
    });
    expect(evil.headers["access-control-allow-origin"]).toBeUndefined();
    for (const path of ["/__mock/faults", "/__mock/tasks", "/__mock/health"]) {
      const r = await request(mock.port, "GET", path, { origin: "https://evil.example", authorization: `Bearer ${KEY}` });
      expect(r.headers["access-control-allow-origin"], path).toBeUndefined();
    }
    const local = await request(mock.port, "OPTIONS", "/__mock/faults", {
      origin: "http://localhost:5173",
      "access-control-request-method": "POST",
      "access-control-request-headers": "content-type",
    });
    expect(local.status).toBe(204);
    expect(local.headers["access-control-allow-origin"]).toBe("http://localhost:5173");
    expect(local.headers.vary).toMatch(/origin/i);
    const get = await request(mock.port, "GET", "/__mock/health", { origin: "http://127.0.0.1:3000" });
    expect(get.status).toBe(200);
    expect(get.headers["access-control-allow-origin"]).toBe("http://127.0.0.1:3000");
  });

  test("DNS rebinding: a Host that is not a loopback name is refused; localhost, 127.0.0.1 and [::1] work", async () => {
    for (const host of ["evil.example", `evil.example:${0}`, "192.168.1.20:4020", "localhost.evil.example", "127.0.0.1.nip.io"]) {
      const r = await request(mock.port, "GET", "/__mock/health", { host });
      expect([403, 421], host).toContain(r.status);
      const p = await request(mock.port, "POST", "/__mock/faults", { host, "content-type": "application/json" }, fault);
      expect([403, 421], host).toContain(p.status);
    }
    expect(mock.state.faults.list()).toEqual([]);
    for (const host of ["localhost", `localhost:${mock.port}`, `127.0.0.1:${mock.port}`, `[::1]:${mock.port}`, "LOCALHOST"]) {
      const r = await request(mock.port, "GET", "/__mock/health", { host });
      expect(r.status, host).toBe(200);
    }
  });
});

describe("no global listing, no part of a key in any answer", () => {
  test("/__mock/tasks and /__mock/files list only the caller's own, and never owner_hint", async () => {
    const create = (key: string) =>
      fetch(`${mock.url}/api/v1/tasks/async`, {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: JSON.stringify({ type: "image", input: { model: "flux-2-dev", prompt: "x" }, idempotency_key: crypto.randomUUID() }),
      }).then((r) => r.json());
    const mine = await create(KEY);
    const theirs = await create(OTHER);
    const myFile = await upload(KEY, "mine.png", "image/png");
    const theirFile = await upload(OTHER, "theirs.png", "image/png");

    for (const path of ["/__mock/tasks", "/__mock/files"]) {
      const anon = await request(mock.port, "GET", path, {});
      expect(anon.status, path).toBe(401);
      expect(anon.body).not.toContain(theirFile.id);
      expect(anon.body).not.toContain(theirs.id);
    }
    const tasks = await request(mock.port, "GET", "/__mock/tasks", { authorization: `Bearer ${KEY}` });
    expect(tasks.status).toBe(200);
    const ids = json(tasks).tasks.map((t: { id: string }) => t.id);
    expect(ids).toContain(mine.id);
    expect(ids).not.toContain(theirs.id);
    expect(tasks.body).not.toContain("owner");
    const files = await request(mock.port, "GET", "/__mock/files", { authorization: `Bearer ${KEY}` });
    const fileIds = json(files).files.map((f: { id: string }) => f.id);
    expect(fileIds).toContain(myFile.id);
    expect(fileIds).not.toContain(theirFile.id);
    // Not one character run of either key past the public "monet_" prefix, in any answer.
    for (const r of [tasks, files]) for (const k of [KEY, OTHER]) expect(r.body).not.toContain(k.slice(0, 8));
  });

  test("file URLs are unguessable: 128 random bits, not a counter", async () => {
    const a = await upload(KEY, "a.png", "image/png");
    const b = await upload(KEY, "b.png", "image/png");
    for (const f of [a, b]) expect(f.id).toMatch(/^file_[A-Za-z0-9_-]{22,}$/);
    const common = [...a.id].findIndex((c, i) => c !== b.id[i]);
    expect(common).toBeLessThan(10);
  });
});

describe("uploads are served so they cannot run as a page on the mock's origin", () => {
  test.each([
    ["page.html", "text/html", "<script>fetch('/__mock/reset',{method:'POST'})</script>", true],
    ["drawing.svg", "image/svg+xml", "<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>", true],
    ["notes.txt", "text/plain", "<script>alert(1)</script>", true],
    ["data.bin", "application/octet-stream", "\x00\x01", true],
    ["photo.png", "image/png", "\x89PNG....", false],
    ["clip.mp4", "video/mp4", "....ftyp", false],
    ["song.mp3", "audio/mpeg", "ID3....", false],
  ])("%s (%s): nosniff, attachment unless media", async (name, type, body, attachment) => {
    const f = await upload(KEY, name, type, body);
    const u = new URL(f.url);
    const r = await request(mock.port, "GET", u.pathname, {});
    expect(r.status).toBe(200);
    expect(r.headers["x-content-type-options"]).toBe("nosniff");
    if (attachment) expect(r.headers["content-disposition"]).toMatch(/^attachment/);
    else expect(r.headers["content-disposition"] ?? "inline").not.toMatch(/^attachment/);
  });
});
