// A server that answers without end: the client reads at most 16 MiB of any answer, whether the
// size is declared, unknown (chunked) or hidden by compression (a gzip bomb), and says so.
import { gzipSync } from "node:zlib";
import { afterEach, expect, test } from "vitest";
import { type Hostile, startHostile } from "../../../test/support/hostile.js";
import { APIError, InternalServerError, Monet } from "../src/index.js";

let server: Hostile | undefined;
afterEach(() => server?.close());

const MiB = 2 ** 20;
const limit = "The answer is larger than 16 MiB";

/** Writes `{"id":"t","pad":"` then spaces until the client stops reading; counts what it wrote. */
function endless(res: import("node:http").ServerResponse, status: number, sent: { bytes: number }) {
  res.writeHead(status, { "content-type": "application/json" });
  res.write('{"id":"t","pad":"');
  const chunk = Buffer.alloc(MiB, 0x20);
  const more = () => {
    while (!res.destroyed && sent.bytes < 1024 * MiB) {
      sent.bytes += chunk.length;
      if (!res.write(chunk)) return void res.once("drain", more);
    }
    res.end('"}');
  };
  res.on("error", () => {});
  more();
}

test("a declared size past the limit is refused before the body is read", async () => {
  server = await startHostile((_req, res) => {
    res.writeHead(200, { "content-type": "application/json", "content-length": String(17 * MiB) });
    res.write("{");
  });
  const monet = new Monet({ apiKey: "monet_x", baseUrl: server.url, maxRetries: 0 });
  const err = await monet.tasks.get("t").catch((e) => e);
  expect(err).toBeInstanceOf(APIError);
  expect(err.message).toContain(limit);
});

test("an endless chunked body stops at the limit, not at the end of memory", async () => {
  const sent = { bytes: 0 };
  server = await startHostile((_req, res) => endless(res, 200, sent));
  const monet = new Monet({ apiKey: "monet_x", baseUrl: server.url, maxRetries: 0 });
  const err = await monet.tasks.get("t").catch((e) => e);
  expect(err).toBeInstanceOf(APIError);
  expect(err.message).toContain(limit);
  // The server could write a gigabyte; the client stopped reading a little past 16 MiB.
  expect(sent.bytes).toBeLessThan(256 * MiB);
});

test("a gzip body that inflates past the limit is refused", async () => {
  const bomb = gzipSync(Buffer.concat([Buffer.from('{"id":"t","pad":"'), Buffer.alloc(64 * MiB, 0x20), Buffer.from('"}')]));
  expect(bomb.length).toBeLessThan(MiB);
  server = await startHostile((_req, res) => {
    res.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip", "content-length": String(bomb.length) });
    res.end(bomb);
  });
  const monet = new Monet({ apiKey: "monet_x", baseUrl: server.url, maxRetries: 0 });
  const err = await monet.tasks.get("t").catch((e) => e);
  expect(err).toBeInstanceOf(APIError);
  expect(err.message).toContain(limit);
});

test("an error answer with an endless body is still reported by its status", async () => {
  const sent = { bytes: 0 };
  server = await startHostile((_req, res) => endless(res, 500, sent));
  const monet = new Monet({ apiKey: "monet_x", baseUrl: server.url, maxRetries: 0 });
  const err = await monet.tasks.get("t").catch((e) => e);
  expect(err).toBeInstanceOf(InternalServerError);
  expect(sent.bytes).toBeLessThan(256 * MiB);
});

test("a compressed answer within the limit is read whole", async () => {
  const task = { id: "task_gz", status: "success", type: "image", note: "x".repeat(100_000) };
  const body = gzipSync(JSON.stringify(task));
  server = await startHostile((_req, res) => {
    res.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip" });
    res.end(body);
  });
  const monet = new Monet({ apiKey: "monet_x", baseUrl: server.url, maxRetries: 0 });
  expect(await monet.tasks.get("task_gz")).toEqual(task);
});

test("a stream's create answered with an endless body that is not an event stream stops at the limit", async () => {
  const sent = { bytes: 0 };
  server = await startHostile((_req, res) => endless(res, 200, sent));
  const monet = new Monet({ apiKey: "monet_x", baseUrl: server.url, maxRetries: 0 });
  const err = await (async () => {
    for await (const _ of monet.tasks.stream({ type: "image", input: { model: "flux-2-dev", prompt: "x" } })) void _;
  })().catch((e) => e);
  expect(err).toBeInstanceOf(APIError);
  expect(err.message).toContain("Expected an event stream");
  expect(sent.bytes).toBeLessThan(256 * MiB);
});
