// Bytes (a Buffer, a Uint8Array, an ArrayBuffer) are uploaded from where they are: each attempt
// streams views of them through the multipart framing fileFromPath uses, with their length
// declared. Before, they were copied into a Blob and then serialised by FormData: a 300 MB Buffer
// raised peak memory by 1.2 GB over its own size (audit s17 L9). Checked on the bytes handed to
// fetch (views of the caller's memory, not copies) and on what a real loopback server receives.
import { Buffer } from "node:buffer";
import { afterEach, beforeEach, expect, test } from "vitest";
import { type Hostile, json, startHostile } from "../../../test/support/hostile.js";
import { Monet } from "../src/index.js";

let server: Hostile;
let statuses: number[];
beforeEach(async () => {
  statuses = [];
  server = await startHostile((_req, res) => {
    const status = statuses.shift() ?? 200;
    json(res, status, status === 200 ? { url: "https://files.monet.vision/uploads/u1.bin" } : { error: { code: "unavailable", message: "later" } });
  });
});
afterEach(() => server.close());

const SIZE = 3 * 2 ** 20 + 17;
const bytes = () => new Uint8Array(SIZE).map((_, i) => (i * 31 + 7) % 251);

/** A fetch that reads the body it is given, noting whether each chunk is a view of `memory`, then sends what it read. */
function viewing(memory: ArrayBufferLike) {
  const chunks = { views: 0, copies: 0, bytes: 0 };
  const f: typeof fetch = async (input, init = {}) => {
    // Any other body (a FormData of a Blob of the bytes) is a copy.
    if (!(init.body instanceof ReadableStream)) {
      chunks.copies++;
      return fetch(input, init);
    }
    const parts: Uint8Array[] = [];
    for await (const c of init.body as ReadableStream<Uint8Array>) {
      parts.push(c);
      chunks.bytes += c.length;
      // The framing's head and tail are the client's own; the file's bytes are the caller's.
      if (c.length > 1000) chunks[c.buffer === memory ? "views" : "copies"]++;
    }
    return fetch(input, { ...init, body: Buffer.concat(parts), duplex: "half" } as RequestInit);
  };
  return { chunks, f };
}

test.each([
  ["a Uint8Array", (b: Uint8Array) => b],
  ["a Buffer", (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.length)],
  ["an ArrayBuffer", (b: Uint8Array) => b.buffer],
])("%s is sent from the caller's memory (no copy), whole, with its length declared", async (_kind, wrap) => {
  const b = bytes();
  const { chunks, f } = viewing(b.buffer);
  const monet = new Monet({ apiKey: "monet_sk_test_bytes", baseUrl: server.url, fetch: f });
  await monet.files.upload(wrap(b) as never, { filename: "clip.bin" });
  expect(chunks.copies).toBe(0);
  expect(chunks.views).toBeGreaterThan(0);
  // (Declared by the client: the stand-in fetch sends what it read with its own length.)
  expect(server.seen).toHaveLength(1);
  expect(chunks.bytes).toBeGreaterThan(SIZE);
});

test("the bytes as received: one part, named, with the caller's bytes exactly, after a retry too", async () => {
  const b = bytes();
  statuses = [503];
  let raw: Buffer[] = [];
  const declared: (string | null)[] = [];
  const monet = new Monet({
    apiKey: "monet_sk_test_bytes",
    baseUrl: server.url,
    retry: { delay: () => 0 },
    fetch: async (input, init = {}) => {
      declared.push(new Headers(init.headers).get("content-length"));
      // The body as sent, whatever fetch was given.
      const req = new Request(input, init);
      raw = [Buffer.from(await req.arrayBuffer())];
      return fetch(input, { method: init.method, headers: req.headers, body: new Blob([new Uint8Array(raw[0])]) });
    },
  });
  const up = await monet.files.upload(b, { filename: "clip.bin", contentType: "video/mp4" });
  expect(up.url).toMatch(/^https:/);
  expect(server.seen).toHaveLength(2);
  const body = Buffer.concat(raw);
  const head = body.subarray(0, body.indexOf("\r\n\r\n") + 4).toString();
  expect(head).toMatch(/^--(\S+)\r\ncontent-disposition: form-data; name="file"; filename="clip.bin"\r\ncontent-type: video\/mp4\r\n\r\n$/);
  const boundary = head.slice(2, head.indexOf("\r\n"));
  const tail = `\r\n--${boundary}--\r\n`;
  expect(body.subarray(body.length - tail.length).toString()).toBe(tail);
  expect(body.subarray(head.length, body.length - tail.length).equals(Buffer.from(b))).toBe(true);
  // Each attempt declares the body's length: a gateway may refuse a chunked upload.
  expect(declared).toEqual([String(body.length), String(body.length)]);
});
