// fileFromPath opens the file at the call, and the client's uploads read it through that handle:
// a file swapped at the path before the upload is not what is sent, and one changed in place is
// refused naming the path, with nothing sent. Before, the path was read again when sending, so a
// swapped file with the same size and modification time went out unchecked. Against the real mock.
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

test("a file swapped at the path after fileFromPath: the file opened at the call is uploaded, not the swapped one", async () => {
  const p = path.join(dir, "photo.png");
  fs.writeFileSync(p, png("A"));
  const file = await fileFromPath(p);
  swap(p, png("B"));
  const up = await h.monet.files.upload(file);
  expect(up).toMatchObject({ filename: "photo.png", size: png("A").length, content_type: "image/png" });
  expect((await stored(up.url)).equals(png("A"))).toBe(true);
});

test("the same, for a File put straight into a task's images: the upload before the create sends the file opened at the call", async () => {
  const p = path.join(dir, "ref.png");
  fs.writeFileSync(p, png("A"));
  const file = await fileFromPath(p);
  swap(p, png("B"));
  await h.monet.tasks.create({ type: "video", input: { model: "wan-animate-move", images: [file], videos: ["https://files.monet.vision/uploads/dance.mp4"] } });
  const [upload] = h.mock.state.files.list(h.mock.url, KEY);
  expect((await stored(upload.url)).equals(png("A"))).toBe(true);
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
  const err = await h.monet.files.upload(file).catch((e) => e);
  expect(err).toBeInstanceOf(InputValidationError);
  expect(err.issues[0].path).toBe("path");
  expect(err.message).toContain(`fileFromPath: the file changed after fileFromPath opened it`);
  expect(err.message).toMatch(why);
  expect(err.message).toContain(p);
  expect(h.sent).toHaveLength(0);
  // Called again, it sends the file as it is now.
  const up = await h.monet.files.upload(await fileFromPath(p));
  expect((await stored(up.url)).equals(fs.readFileSync(p))).toBe(true);
});

test("a File from fileFromPath can be uploaded twice (each upload reads the handle from its start)", async () => {
  const p = path.join(dir, "twice.png");
  fs.writeFileSync(p, png("A"));
  const file = await fileFromPath(p);
  for (let i = 0; i < 2; i++) expect((await stored((await h.monet.files.upload(file)).url)).equals(png("A"))).toBe(true);
});
