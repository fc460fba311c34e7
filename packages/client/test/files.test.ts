// Uploads of every kind of data, and local media in task inputs, against the real mock.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterEach, beforeEach, expect, test } from "vitest";
import { APIConnectionTimeoutError, InputValidationError } from "../src/index.js";
import { fileFromPath } from "../src/node.js";
import { type Harness, harness } from "./helpers.js";

let h: Harness;
beforeEach(async () => {
  h = await harness();
});
afterEach(() => h.close());

const bytes = (n: number) => new Uint8Array(n).map((_, i) => (i * 31 + 7) % 256);
async function roundTrip(url: string) {
  return new Uint8Array(await (await fetch(url)).arrayBuffer());
}

test.each([
  ["Blob", () => new Blob([bytes(1000)], { type: "image/png" })],
  ["File", () => new File([bytes(1000)], "photo.png", { type: "image/png" })],
  ["Uint8Array", () => bytes(1000)],
  ["Buffer", () => Buffer.from(bytes(1000))],
  ["ArrayBuffer", () => bytes(1000).buffer],
  ["web ReadableStream", () => new Blob([bytes(1000)]).stream()],
  ["Node Readable", () => Readable.from([Buffer.from(bytes(600)), Buffer.from(bytes(1000).subarray(600))])],
])("upload from a %s: stored whole, with its name and type", async (_kind, make) => {
  const file = await h.monet.files.upload(make() as never, { filename: "photo.png", contentType: "image/png" });
  expect(file).toMatchObject({ filename: "photo.png", size: 1000, content_type: "image/png" });
  expect(Buffer.from(await roundTrip(file.url)).equals(Buffer.from(bytes(1000)))).toBe(true);
  expect(file.expires_at).toBeUndefined(); // the reference's upload answer has none, so neither has the mock's
});

test.each([
  ["a path", "cat.png"],
  ["nothing", undefined],
  ["a number", 42],
])("files.upload of %s (plain JavaScript) is refused naming what it takes, sending nothing", async (_what, data) => {
  const err = await h.monet.files.upload(data as never).catch((e) => e);
  expect(err).toBeInstanceOf(InputValidationError);
  expect(err.message).toMatch(
    /^Invalid input: file must be a Blob, File, bytes or a stream; for a file on disk: fileFromPath\(path\) from @monet-ai\/client\/node/,
  );
  expect(h.sent).toHaveLength(0);
});

test("fileFromPath of a missing file or a folder says so, naming the path (Node's own error named neither)", async () => {
  const missing = await fileFromPath("no-such-dir/nope.png").catch((e) => e);
  expect(missing).toBeInstanceOf(InputValidationError);
  expect(missing.message).toBe("Invalid input: fileFromPath: no such file: no-such-dir/nope.png");
  const folder = await fileFromPath(os.tmpdir()).catch((e) => e);
  expect(folder.message).toBe(`Invalid input: fileFromPath: not a file: ${os.tmpdir()}`);
});

test("fileFromPath streams a file from disk (opened lazily, not read into memory first)", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "monet-upload-"));
  const p = path.join(dir, "clip.mp4");
  fs.writeFileSync(p, bytes(300_000));
  try {
    const f = await fileFromPath(p);
    expect(f.name).toBe("clip.mp4");
    expect(f.type).toBe("video/mp4");
    const up = await h.monet.files.upload(f);
    expect(up).toMatchObject({ filename: "clip.mp4", size: 300_000, content_type: "video/mp4" });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a Node read stream uploads under its file\'s name (it came back as "upload")', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "monet-upload-"));
  const p = path.join(dir, "me.png");
  fs.writeFileSync(p, bytes(1000));
  try {
    const up = await h.monet.files.upload(fs.createReadStream(p), { contentType: "image/png" });
    expect(up).toMatchObject({ filename: "me.png", size: 1000 });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("local media in images/videos is uploaded first and replaced by its URL", async () => {
  const task = await h.monet.tasks.create({
    type: "video",
    input: {
      model: "wan-animate-move",
      videos: [new File([bytes(2000)], "dance.mp4", { type: "video/mp4" })],
      images: ["https://files.monet.vision/uploads/character.png", bytes(500)],
    },
  });
  expect(task.id).toBeTruthy();
  const uploads = h.sent.filter((s) => s.path === "/api/v1/files");
  expect(uploads).toHaveLength(2);
  const create = h.sent.find((s) => s.path === "/api/v1/tasks/async")!;
  const body = JSON.parse(String(create.init.body));
  expect(body.input.images[0]).toBe("https://files.monet.vision/uploads/character.png");
  expect(body.input.images[1]).toMatch(/\/__mock\/files\//);
  expect(body.input.videos[0]).toMatch(/\/__mock\/files\/.+\/dance\.mp4$/);
  const stored = h.mock.state.files.list(h.mock.url);
  expect(stored.map((f: { size: number }) => f.size).sort((a: number, b: number) => a - b)).toEqual([500, 2000]);
});

test("an invalid input with local media is refused before anything is uploaded", async () => {
  const err = await h.monet.tasks.create({ type: "video", input: { model: "wan-animate-move", videos: [bytes(10)], images: [] } }).catch((e) => e);
  expect(err.name).toBe("InputValidationError");
  expect(err.issues.map((i: { path: string }) => i.path)).toEqual(["input.images"]);
  expect(h.sent).toHaveLength(0);
});

test("a create's options are its uploads' too: the call's timeout, retries and headers reach each upload of its local media", async () => {
  const slow = await harness({ timeout: 10_000 });
  try {
    // The upload is answered after 1.5 s: the call's 300 ms must bound it, not the client's 10 s.
    await slow.fault({ kind: "latency", ms: 1500, path: "/api/v1/files" });
    const input = { model: "wan-animate-move", videos: [new File([bytes(2000)], "dance.mp4", { type: "video/mp4" })], images: [bytes(500)] };
    const err = await slow.monet.tasks.create({ type: "video", input }, { timeout: 300, maxRetries: 0, headers: { "x-trace": "t1" } }).catch((e) => e);
    expect(err).toBeInstanceOf(APIConnectionTimeoutError);
    expect(err.message).toMatch(/^No answer to POST \/api\/v1\/files within 300 ms \(per attempt, sending included\)/);
    const uploads = slow.sent.filter((s) => s.path === "/api/v1/files");
    expect(uploads.length).toBeGreaterThanOrEqual(1);
    expect(uploads.length).toBeLessThanOrEqual(2); // no retry of either upload (maxRetries 0)
    for (const u of uploads) expect((u.init.headers as Record<string, string>)["x-trace"]).toBe("t1");
    expect(slow.sent.filter((s) => s.path.startsWith("/api/v1/tasks"))).toEqual([]);
  } finally {
    await slow.close();
  }
});
