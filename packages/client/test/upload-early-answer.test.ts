// A server refusing an upload (413 too large, 429 or 503 busy) may answer as soon as the request's
// head arrives and close without reading the multi-MiB body. With `maxRetries: 0` the caller got
// "Connection failed: ... write EPIPE" (or read ECONNRESET): fetch fails the write and drops an
// answer it had not read yet. A real loopback server that never reads the body, for bytes and for
// fileFromPath: an answer fetch read is the typed error of its status; a close that lost it (or
// came with none) says the server closed before the file was sent, that it was not stored, and
// what to do.
import fs from "node:fs";
import type { AddressInfo } from "node:net";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, test } from "vitest";
import { APIConnectionError, APIError, InternalServerError, Monet, RateLimitError } from "../src/index.js";
import { fileFromPath } from "../src/node.js";
import { chunkHooks, stalledClient } from "./browser-bundle.js";

/** How the server ends each connection once the head arrived: an answer, then a close, never reading the body. */
type Plan = { status?: number; headers?: string; reset?: boolean; accept?: boolean };

const SIZE = 32 * 2 ** 20; // far more than loopback's socket buffers hold: the body cannot be handed on whole
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "monet-early-"));
const onDisk = path.join(dir, "clip.mp4");
fs.writeFileSync(onDisk, Buffer.alloc(SIZE, 1));
let servers: net.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  servers = [];
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function refusing(plans: Plan[]) {
  const seen = { connections: 0 };
  const server = net.createServer((socket) => {
    const plan = plans[seen.connections++] ?? plans.at(-1) ?? {};
    socket.on("error", () => {});
    let head = "";
    const onData = (d: Buffer) => {
      head += d.toString("latin1");
      if (!head.includes("\r\n\r\n")) return;
      if (plan.accept) return accept(socket, head, onData);
      // The first MiB is in (the head, and the start of the body, as a server's first read gets
      // it): no more of the body is read.
      if (head.length < 2 ** 20) return;
      socket.off("data", onData);
      socket.pause();
      if (plan.status === undefined) return socket.destroy();
      const body = JSON.stringify({ error: { code: "refused", message: `refused early (${plan.status})` } });
      const answer = `HTTP/1.1 ${plan.status} X\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\n${plan.headers ?? ""}connection: close\r\n\r\n${body}`;
      // Closed at once with the body unread (a reset), or once the answer is out.
      if (plan.reset) {
        socket.write(answer);
        socket.destroy();
      } else socket.write(answer, () => socket.destroy());
    };
    socket.on("data", onData);
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { seen, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** Reads the body whole (its content-length), then answers with a file URL. */
function accept(socket: net.Socket, head: string, onData: (d: Buffer) => void) {
  socket.off("data", onData);
  const end = head.indexOf("\r\n\r\n");
  const length = Number(/content-length: (\d+)/i.exec(head.slice(0, end))?.[1]);
  let got = head.length - end - 4;
  const done = () => {
    const body = JSON.stringify({ url: "https://files.monet.vision/uploads/clip.mp4" });
    socket.end(`HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\nconnection: close\r\n\r\n${body}`);
  };
  if (got >= length) return done();
  socket.on("data", (d) => {
    got += d.length;
    if (got === length) done();
  });
}

const uploads = [
  ["bytes", () => Buffer.alloc(SIZE, 1)],
  ["a File from fileFromPath", () => fileFromPath(onDisk)],
] as const;
const upload = async (url: string, make: () => unknown, maxRetries = 0) =>
  new Monet({ apiKey: "monet_sk_test_early", baseUrl: url, maxRetries, retry: { delay: () => 0 } }).files
    .upload((await make()) as Blob, { filename: "clip.mp4" })
    .catch((e) => e);

test.each(uploads)("%s: a close before the body was sent says the server closed first, nothing was stored, and what to do", async (_kind, make) => {
  const { seen, url } = await refusing([{}]);
  const err = await upload(url, make);
  expect(seen.connections).toBe(1);
  expect(err).toBeInstanceOf(APIConnectionError);
  expect(err.message).toMatch(/^Connection failed: POST http:\/\/127\.0\.0\.1:\d+\/api\/v1\/files: /);
  expect(err.message).toContain("the server closed the connection before the whole file was sent, so it was not stored");
  expect(err.message).toContain("413 if the file is larger than it takes, 429 or 503 if it is busy");
  expect(err.message).toContain("Send it again (maxRetries retries it), and a smaller file if it fails again");
  expect(err.message).not.toContain("may have been stored");
  // What fetch said is kept as the cause.
  expect(err.cause).toBeInstanceOf(APIConnectionError);
});

test.each(uploads)("%s: with the default retries, a server that refused once takes it on the next attempt", async (_kind, make) => {
  const { url, seen } = await refusing([{}, { accept: true }]);
  const up = await upload(url, make, 2);
  expect(up.url).toBe("https://files.monet.vision/uploads/clip.mp4");
  expect(seen.connections).toBe(2);
});

test.each(uploads)("%s: an answer fetch read before the close is the typed error of its status (503, 413, 429 with Retry-After)", async (_kind, make) => {
  for (const [plan, type] of [
    [{ status: 503 }, InternalServerError],
    [{ status: 413 }, APIError],
    [{ status: 429, headers: "retry-after: 7\r\n" }, RateLimitError],
  ] as const) {
    const { seen, url } = await refusing([plan]);
    const err = await upload(url, make);
    expect(seen.connections).toBe(1);
    expect(err).toBeInstanceOf(type);
    expect(err.status).toBe(plan.status);
    expect(err.message).toBe(`refused early (${plan.status})`);
    if (plan.status === 429) expect(err.retryAfter).toBe(7);
  }
});

test.each(uploads)("%s: an answer and a reset at once: its status, or the closed-first message, never a bare EPIPE", async (_kind, make) => {
  for (const status of [503, 413]) {
    const { url } = await refusing([{ status, reset: true }]);
    const err = await upload(url, make);
    if (err instanceof APIError) expect(err.status).toBe(status);
    else expect(err.message).toContain("the server closed the connection before the whole file was sent, so it was not stored");
  }
});

// The first failure of a process loads the failure chunk, and fetch goes on pulling the body of
// bytes while it loads: an upload the server cut after its first MiB was then taken for one handed
// whole once the chunk came ("may have been stored", not sent again). An app's bundle of the built
// client whose failure chunk loads only once fetch has pulled the body to its end: what the
// upload was when fetch failed is what counts.
describe("the first failure of a process, whose failure chunk loads while fetch pulls the rest of the body", () => {
  type Client = typeof import("../dist/index.js");
  const bundled = stalledClient<Client>(["Monet", "APIConnectionError"], "globalThis.monetFailureChunkGate");
  afterAll(() => {
    delete chunkHooks.monetFailureChunkGate;
  });

  test("bytes the server cut short after their first MiB are sent again, saying the server closed first", async () => {
    const bytes = Buffer.alloc(SIZE, 1);
    // The chunk loads once the body's last view was taken, and what that pull started has run.
    let pulledToEnd!: () => void;
    chunkHooks.monetFailureChunkGate = new Promise<void>((r) => {
      pulledToEnd = r;
    }).then(() => new Promise((r) => setImmediate(r)));
    bytes.subarray = function (this: Buffer, start?: number, end?: number) {
      if ((end ?? this.length) >= this.length) pulledToEnd();
      return Buffer.prototype.subarray.call(this, start, end);
    };
    const { seen, url } = await refusing([{}, { accept: true }]);
    const retried: Error[] = [];
    const monet = new bundled.client.Monet({
      apiKey: "monet_sk_test_early",
      baseUrl: url,
      retry: { delay: () => 0, onRetry: ({ error }) => retried.push(error) },
    });
    const up = await monet.files.upload(bytes, { filename: "clip.mp4" });
    expect(up.url).toBe("https://files.monet.vision/uploads/clip.mp4");
    expect(seen.connections).toBe(2);
    expect(retried).toHaveLength(1);
    expect(retried[0]).toBeInstanceOf(bundled.client.APIConnectionError);
    expect(retried[0].message).toContain("the server closed the connection before the whole file was sent, so it was not stored");
  });
});
