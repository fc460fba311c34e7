// An upload's `contentType` is written into the multipart part's head, so it must be one media
// type. Before, one with a line break injected headers and a whole extra part on the stream and
// fileFromPath paths (audit s17 L2), and was silently replaced by application/octet-stream on the
// Blob and bytes path. Now every path refuses it, naming contentType, before anything is sent.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterEach, beforeEach, expect, test } from "vitest";
import { InputValidationError } from "../src/index.js";
import { fileFromPath } from "../src/node.js";
import { type Harness, harness } from "./helpers.js";

let h: Harness;
let dir: string;
beforeEach(async () => {
  h = await harness();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "monet-content-type-"));
});
afterEach(async () => {
  await h.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const INJECTED = 'image/png\r\nContent-Disposition: form-data; name="injected"\r\n\r\nINJECTED';
const png = () => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from("abc")]);
const onDisk = () => {
  const p = path.join(dir, "shot.png");
  fs.writeFileSync(p, png());
  return p;
};

const sources: [string, () => unknown][] = [
  ["a Blob", () => new Blob([png()])],
  ["a Uint8Array", () => new Uint8Array(png())],
  ["a web stream", () => new Blob([png()]).stream()],
  ["a Node Readable", () => Readable.from([png()])],
  ["a File from fileFromPath", () => fileFromPath(onDisk())],
];

const refusedAsContentType = (err: unknown) => {
  expect(err).toBeInstanceOf(InputValidationError);
  const e = err as InputValidationError;
  expect(e.issues[0].path).toBe("contentType");
  expect(e.message).toContain("contentType must be a media type such as image/png (type/subtype");
  // Shown escaped: the line break is named, not printed.
  expect(e.message).not.toMatch(/[\r\n]/);
};

test.each(sources)("an upload of %s with a line break in contentType is refused naming contentType, and nothing is sent", async (_kind, make) => {
  const err = await h.monet.files.upload((await make()) as never, { filename: "shot.png", contentType: INJECTED }).catch((e) => e);
  refusedAsContentType(err);
  expect(h.sent).toHaveLength(0);
});

test.each(["png", "image/", "/png", "image/png; x", "image /png", "image/png\u0000", `image/${"x".repeat(300)}`, 5])(
  "contentType %j is no media type: refused before sending",
  async (type) => {
    refusedAsContentType(await h.monet.files.upload(new Blob([png()]), { contentType: type as never }).catch((e) => e));
    expect(h.sent).toHaveLength(0);
  },
);

test("fileFromPath refuses such a contentType itself, naming it", async () => {
  refusedAsContentType(await fileFromPath(onDisk(), { contentType: INJECTED }).catch((e) => e));
});

test.each(["image/png", "video/mp4", 'text/plain; charset="utf-8"', "application/vnd.api+json; a=b"])(
  "contentType %j is sent as the part's type, on every path",
  async (type) => {
    for (const [, make] of sources) {
      const file = await h.monet.files.upload((await make()) as never, { filename: "shot.png", contentType: type });
      // (The mock stores it without its parameters.)
      expect(file.content_type).toBe(type.split(";")[0]);
    }
  },
);
