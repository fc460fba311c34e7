// fileFromPath notes the file it opened at the call (device, inode, size, modification time), and
// the client's uploads check the path still names it, unchanged, before each upload: a file
// swapped at the path or changed in place is refused naming the path, with nothing sent. Before,
// the path was read again when sending, so a swapped file with the same size and modification
// time went out unchecked. Uploads keep their retries and the File holds no descriptor. Against
// the real mock.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, expect, test } from "vitest";
import { InputValidationError } from "../src/index.js";
import { fileFromPath } from "../src/node.js";
import { type Harness, harness, KEY } from "./helpers.js";

let h: Harness;
let dir: string;
beforeEach(async () => {
  h = await harness();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "monet-from-path-"));
});
afterEach(async () => {
  await h.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const png = (marker: string) => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from(marker.repeat(4000))]);
const stored = async (url: string) => Buffer.from(await (await fetch(url)).arrayBuffer());

/** Puts `bytes` at `p` as another file (a new inode), with p's size and exact modification time: Node's own check sees no change. */
function swap(p: string, bytes: Buffer) {
  const other = `${p}.swap`;
  fs.writeFileSync(other, bytes);
  execFileSync("touch", ["-r", p, other]); // the same mtime to the nanosecond, as `cp -p` or an archive would
  fs.renameSync(other, p);
}

const refusedAsChanged = (err: unknown, p: string, why: RegExp) => {
  expect(err).toBeInstanceOf(InputValidationError);
  const e = err as InputValidationError;
  expect(e.issues[0].path).toBe("path");
  expect(e.message).toContain("fileFromPath: the file changed after fileFromPath opened it");
  expect(e.message).toMatch(why);
  expect(e.message).toContain(p);
};

test("a file swapped at the path after fileFromPath (same size and time) is refused naming the path, and nothing is sent", async () => {
  const p = path.join(dir, "photo.png");
  fs.writeFileSync(p, png("A"));
  const file = await fileFromPath(p);
  swap(p, png("B"));
  refusedAsChanged(await h.monet.files.upload(file).catch((e) => e), p, /another file is at the path now/);
  expect(h.sent).toHaveLength(0);
  expect(h.mock.state.files.list(h.mock.url, KEY)).toHaveLength(0);
});

test("the same, for a File put straight into a task's images: no upload, no task", async () => {
  const p = path.join(dir, "ref.png");
  fs.writeFileSync(p, png("A"));
  const file = await fileFromPath(p);
  swap(p, png("B"));
  const err = await h.monet.tasks
    .create({ type: "video", input: { model: "wan-animate-move", images: [file], videos: ["https://files.monet.vision/uploads/dance.mp4"] } })
    .catch((e) => e);
  refusedAsChanged(err, p, /another file is at the path now/);
  expect(h.sent).toHaveLength(0);
});

test("an upload of a File from fileFromPath is retried like any other (a 503 first), and sends the file's bytes", async () => {
  const p = path.join(dir, "retried.png");
  fs.writeFileSync(p, png("A"));
  await h.fault({ kind: "server-error", status: 503, times: 1, method: "POST" } as never);
  const up = await h.monet.files.upload(await fileFromPath(p));
  expect(h.sent.filter((s) => s.method === "POST")).toHaveLength(2);
  expect((await stored(up.url)).equals(png("A"))).toBe(true);
});

test("a File from fileFromPath holds no open descriptor (a server making many keeps none open)", async () => {
  const p = path.join(dir, "many.png");
  fs.writeFileSync(p, png("A"));
  // A descriptor may close between the listing and its readlink (other work of the process).
  const target = (fd: string) => {
    try {
      return fs.readlinkSync(`/proc/self/fd/${fd}`, { encoding: "utf8" });
    } catch {
      return undefined;
    }
  };
  const fds = () => fs.readdirSync("/proc/self/fd").filter((fd) => target(fd) === p).length;
  const files = await Promise.all(Array.from({ length: 20 }, () => fileFromPath(p)));
  expect(files).toHaveLength(20);
  expect(fds()).toBe(0);
});

test.each([
  ["grown", (p: string) => fs.appendFileSync(p, "more"), /\d+ bytes then, \d+ now/],
  [
    "rewritten with the same size",
    (p: string) => {
      const { mtime } = fs.statSync(p);
      fs.writeFileSync(p, png("C"));
      // As an editor saving a second later would leave it (a rewrite within one clock tick may keep the time).
      fs.utimesSync(p, mtime, new Date(mtime.getTime() + 2000));
    },
    /modified/,
  ],
])("a file %s in place after fileFromPath is refused naming the path, and nothing is sent", async (_name, change, why) => {
  const p = path.join(dir, "clip.png");
  fs.writeFileSync(p, png("A"));
  const file = await fileFromPath(p);
  change(p);
  refusedAsChanged(await h.monet.files.upload(file).catch((e) => e), p, why);
  expect(h.sent).toHaveLength(0);
  // Called again, it sends the file as it is now.
  const up = await h.monet.files.upload(await fileFromPath(p));
  expect((await stored(up.url)).equals(fs.readFileSync(p))).toBe(true);
});

test("a File from fileFromPath can be uploaded twice", async () => {
  const p = path.join(dir, "twice.png");
  fs.writeFileSync(p, png("A"));
  const file = await fileFromPath(p);
  for (let i = 0; i < 2; i++) expect((await stored((await h.monet.files.upload(file)).url)).equals(png("A"))).toBe(true);
});
