// The answer cap at its edge: an answer of exactly 16 MiB is read whole, one byte more is refused,
// whether its size is declared, unknown (chunked) or hidden by compression; and a refused body is
// no longer pulled from the server.
import { gzipSync } from "node:zlib";
import { afterEach, expect, test } from "vitest";
import { type Hostile, startHostile } from "../../../test/support/hostile.js";
import { readAnswer } from "../src/answer-size.js";
import { APIError, Monet } from "../src/index.js";

let server: Hostile | undefined;
afterEach(() => server?.close());

const LIMIT = 16 * 2 ** 20;

/** A body of `size` bytes in chunks of 1 MiB or less, of no declared size. */
const chunked = (size: number) =>
  new ReadableStream<Uint8Array>({
    start(c) {
      for (let at = 0; at < size; at += 2 ** 20) c.enqueue(new Uint8Array(Math.min(2 ** 20, size - at)).fill(0x61));
      c.close();
    },
  });

test("a chunked answer of exactly 16 MiB is read whole; one byte more is refused", async () => {
  expect(await readAnswer(new Response(chunked(LIMIT)))).toHaveLength(LIMIT);
  const err = await readAnswer(new Response(chunked(LIMIT + 1), { status: 200 })).catch((e) => e);
  expect(err).toBeInstanceOf(APIError);
  expect(err.message).toContain("larger than 16 MiB");
});

test("a declared size of exactly 16 MiB is read whole; a compressed one is counted as it inflates", async () => {
  const body = new Uint8Array(LIMIT).fill(0x62);
  expect(await readAnswer(new Response(body, { headers: { "content-length": String(LIMIT) } }))).toHaveLength(LIMIT);
  // Through fetch: content-length names the gzip bytes (a few kB); what counts is what it inflates to.
  for (const [size, ok] of [
    [LIMIT, true],
    [LIMIT + 1, false],
  ] as const) {
    const text = `{"id":"t","pad":"${" ".repeat(size - 19)}"}`;
    expect(Buffer.byteLength(text)).toBe(size);
    const gz = gzipSync(text);
    server = await startHostile((_req, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip", "content-length": String(gz.length) });
      res.end(gz);
    });
    const monet = new Monet({ apiKey: "monet_x", baseUrl: server.url, maxRetries: 0 });
    const got = await monet.tasks.get("t").catch((e) => e);
    if (ok) expect((got as { pad: string }).pad).toHaveLength(size - 19);
    else expect(got).toBeInstanceOf(APIError);
    await server.close();
    server = undefined;
  }
});

test("a refused endless body is cancelled, not left to be pulled on", async () => {
  let cancelled = false;
  let pulled = 0;
  const endless = new ReadableStream<Uint8Array>({
    pull(c) {
      pulled += 2 ** 20;
      c.enqueue(new Uint8Array(2 ** 20));
    },
    cancel() {
      cancelled = true;
    },
  });
  await expect(readAnswer(new Response(endless))).rejects.toBeInstanceOf(APIError);
  expect(cancelled).toBe(true);
  expect(pulled).toBeLessThanOrEqual(LIMIT + 3 * 2 ** 20);
});
