// A stream given to files.upload is read into memory (up to the spec's upload bound) and sent
// like bytes, so a 429 or 503 sends it again. Before, a Node Readable or a web ReadableStream was
// sent once with maxRetries 0: the first rate limit ended the upload (audit s20-client F10).
// Against the real mock, with its faults.
import { Readable } from "node:stream";
import { afterEach, beforeEach, expect, test } from "vitest";
import { uploadFile } from "../src/generated/operations/uploadFile.gen.js";
import { InputValidationError } from "../src/index.js";
import { type Harness, harness } from "./helpers.js";

let h: Harness;
beforeEach(async () => {
  h = await harness({ retry: { delay: () => 0 } });
});
afterEach(() => h.close());

const bytes = (n: number) => new Uint8Array(n).map((_, i) => (i * 31 + 7) % 256);
const kinds = [
  ["Node Readable", () => Readable.from([Buffer.from(bytes(600)), Buffer.from(bytes(1000).subarray(600))])],
  ["web ReadableStream", () => new Blob([bytes(1000)]).stream()],
] as const;

test.each(
  kinds.flatMap(([kind, make]) => [
    [kind, "429 (Retry-After: 0)", make, { kind: "rate-limit", retryAfter: 0 }],
    [kind, "503", make, { kind: "server-error", status: 503 }],
  ]),
)("an upload from a %s answered %s is sent again, whole, and stored", async (_kind, _status, make, fault) => {
  await h.fault({ ...fault, times: 1, method: "POST", path: "/api/v1/files" } as never);
  const file = await h.monet.files.upload(make() as never, { filename: "a.png", contentType: "image/png" });
  expect(h.sent.filter((s) => s.path === "/api/v1/files")).toHaveLength(2);
  expect(file).toMatchObject({ filename: "a.png", size: 1000 });
  const stored = new Uint8Array(await (await fetch(file.url)).arrayBuffer());
  expect(Buffer.from(stored).equals(Buffer.from(bytes(1000)))).toBe(true);
});

test("a stream longer than the spec's upload bound is refused naming file and the bound, before anything is sent", async () => {
  const max: number = uploadFile.extensions["x-monet-max-upload-bytes"];
  // One 64 MiB chunk given again and again: past the bound without holding it.
  const chunk = new Uint8Array(64 * 2 ** 20);
  let given = 0;
  const endless = Readable.from(
    (function* () {
      for (;;) {
        given++;
        yield chunk;
      }
    })(),
  );
  const err = await h.monet.files.upload(endless).catch((e) => e);
  expect(err).toBeInstanceOf(InputValidationError);
  expect(err.issues[0].path).toBe("file");
  expect(err.message).toContain(`file must be at most ${max} bytes, the largest upload the API takes`);
  expect(given).toBe(Math.floor(max / chunk.length) + 1);
  expect(h.sent).toHaveLength(0);
});
