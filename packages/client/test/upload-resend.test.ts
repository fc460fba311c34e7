// Uploads carry no idempotency key (the spec has none), so an upload that went out whole and
// whose answer was lost may be stored: it is not sent again. Before, it was retried like any call,
// and a server that stored each body and lost two answers stored the same file three times (audit
// s17 L7). An answer from the server (503) or a body cut before its end is still retried. A raw
// loopback server counts the complete bodies it received.
import fs from "node:fs";
import type { AddressInfo } from "node:net";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, expect, test, vi } from "vitest";
import { APIConnectionError, Monet } from "../src/index.js";
import { fileFromPath } from "../src/node.js";

/** Per connection: how it ends once the body is whole (or, with `cutAt`, after that many body bytes). */
type Plan = { lose?: boolean; status?: number; cutAt?: number; dropAtFirstBytes?: boolean };

let servers: net.Server[] = [];
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "monet-resend-"));
afterEach(async () => {
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  servers = [];
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function rawServer(plans: Plan[]) {
  const seen = { connections: 0, whole: 0 };
  const server = net.createServer((socket) => {
    const plan = plans[seen.connections++] ?? {};
    let head = Buffer.alloc(0);
    let length = -1;
    let got = 0;
    socket.on("error", () => {});
    socket.on("data", (d) => {
      if (plan.dropAtFirstBytes) return socket.destroy();
      // The head is gathered; the body only counted (a 32 MB one is never held).
      if (length < 0) {
        head = Buffer.concat([head, d]);
        const end = head.indexOf("\r\n\r\n");
        if (end < 0) return;
        length = Number(/content-length: (\d+)/i.exec(head.subarray(0, end).toString())?.[1] ?? 0);
        got = head.length - end - 4;
      } else got += d.length;
      if (plan.cutAt !== undefined && got >= plan.cutAt) return socket.destroy();
      if (got < length) return;
      socket.removeAllListeners("data");
      seen.whole++;
      if (plan.lose) return socket.destroy();
      const status = plan.status ?? 200;
      const body = JSON.stringify(status === 200 ? { url: "https://files.monet.vision/uploads/u1.png" } : { error: { code: "unavailable", message: "later" } });
      socket.end(`HTTP/1.1 ${status} X\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\nconnection: close\r\n\r\n${body}`);
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { seen, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

const client = (url: string) => new Monet({ apiKey: "monet_sk_test_resend", baseUrl: url, retry: { delay: () => 0 } });

test.each([
  ["a Blob", () => new Blob(["x".repeat(1000)], { type: "image/png" })],
  ["a Buffer", () => Buffer.from("x".repeat(1000))],
  [
    "a File from fileFromPath",
    () => {
      const p = path.join(dir, "a.png");
      fs.writeFileSync(p, "x".repeat(1000));
      return fileFromPath(p);
    },
  ],
])("%s sent whole, its answer lost: not sent again (it may be stored), and the error says so", async (_kind, make) => {
  const { seen, url } = await rawServer([{ lose: true }, { lose: true }]);
  const err = await client(url)
    .files.upload((await make()) as Blob, { filename: "a.png" })
    .catch((e) => e);
  expect(seen.whole).toBe(1);
  expect(seen.connections).toBe(1);
  expect(err).toBeInstanceOf(APIConnectionError);
  expect(err.message).toMatch(/^Connection failed: POST /);
  expect(err.message).toContain("the whole file was handed to the connection before it failed: it may have been stored, so it was not sent again");
});

test("an upload the server answered with a 503 is sent again (the server said it was not stored)", async () => {
  const { seen, url } = await rawServer([{ status: 503 }]);
  const up = await client(url).files.upload(Buffer.from("x".repeat(1000)), { filename: "a.png" });
  expect(up.url).toMatch(/^https:/);
  expect(seen.whole).toBe(2);
});

test("an upload cut before its body was whole is sent again (the server cannot have stored it)", async () => {
  // Far more than the socket holds: the server cuts it long before its end is handed to fetch.
  const { seen, url } = await rawServer([{ cutAt: 2 ** 20 }]);
  const up = await client(url).files.upload(Buffer.alloc(32 * 2 ** 20, 1), { filename: "clip.mp4" });
  expect(up.url).toMatch(/^https:/);
  expect(seen.connections).toBe(2);
  expect(seen.whole).toBe(1);
});

test("a refused connection is tried again, as every call's is", async () => {
  const { url } = await rawServer([]);
  await new Promise((r) => servers.pop()?.close(r));
  const retries: number[] = [];
  const monet = new Monet({ apiKey: "monet_sk_test_resend", baseUrl: url, maxRetries: 2, retry: { delay: () => 0, onRetry: (i) => retries.push(i.retry) } });
  const err = await monet.files.upload(Buffer.from("x"), { filename: "a.png" }).catch((e) => e);
  expect(err).toBeInstanceOf(APIConnectionError);
  expect(err.message).not.toContain("may have been stored");
  expect(retries).toEqual([1, 2]);
});

test("in a browser, where how much of a body went out cannot be seen, a failed connection is not sent again; an answer still is", async () => {
  // What the client takes for a browser: a `document`.
  vi.stubGlobal("document", {});
  try {
    const lost = await rawServer([{ lose: true }, { lose: true }]);
    const browser = (url: string) => new Monet({ apiKey: "monet_sk_test_resend", baseUrl: url, dangerouslyAllowBrowser: true, retry: { delay: () => 0 } });
    const err = await browser(lost.url)
      .files.upload(new Blob(["x".repeat(1000)]), { filename: "a.png" })
      .catch((e) => e);
    expect(err).toBeInstanceOf(APIConnectionError);
    expect(err.message).toContain("it may have been stored, so it was not sent again");
    expect(lost.seen.connections).toBe(1);
    const answered = await rawServer([{ status: 503 }]);
    const up = await browser(answered.url).files.upload(Buffer.from("x".repeat(1000)), { filename: "a.png" });
    expect(up.url).toMatch(/^https:/);
    expect(answered.seen.whole).toBe(2);
  } finally {
    vi.unstubAllGlobals();
  }
});

// Audit s17-recheck N6: "the whole file was sent" meant "handed to the socket". A small file fits
// in the socket's buffers, so a connection dropped at its first bytes (nothing read, nothing
// stored; a stale keep-alive socket) said the file was sent and its answer lost. The message now
// says only what is known. And in a browser, where every failure looked "sent whole", a refused
// connection (the platform says so: nothing was sent) was not tried again.
test("a small upload dropped at its first bytes says only that it was handed to the connection (it may have been stored)", async () => {
  const { seen, url } = await rawServer([{ dropAtFirstBytes: true }, { dropAtFirstBytes: true }]);
  const err = await client(url)
    .files.upload(Buffer.alloc(10_000, 1), { filename: "a.png" })
    .catch((e) => e);
  expect(err).toBeInstanceOf(APIConnectionError);
  expect(seen.connections).toBe(1);
  expect(err.message).toContain("(the whole file was handed to the connection before it failed: it may have been stored, so it was not sent again");
  expect(err.message).not.toMatch(/was sent|answer was lost/);
});

test("in a browser, a refused connection (nothing sent) is tried again, and a lost one says only that the file may have been sent", async () => {
  vi.stubGlobal("document", {});
  try {
    const { url } = await rawServer([]);
    await new Promise((r) => servers.pop()?.close(r));
    const retries: number[] = [];
    const browser = (url: string) =>
      new Monet({
        apiKey: "monet_sk_test_resend",
        baseUrl: url,
        dangerouslyAllowBrowser: true,
        retry: { delay: () => 0, onRetry: (i) => retries.push(i.retry) },
      });
    const refused = await browser(url)
      .files.upload(new Blob(["x".repeat(1000)]), { filename: "a.png" })
      .catch((e) => e);
    expect(refused).toBeInstanceOf(APIConnectionError);
    expect(refused.message).toContain("ECONNREFUSED");
    expect(refused.message).not.toContain("may have been stored");
    expect(retries).toEqual([1, 2]);
    const lost = await rawServer([{ lose: true }]);
    const err = await browser(lost.url)
      .files.upload(new Blob(["x".repeat(1000)]), { filename: "a.png" })
      .catch((e) => e);
    expect(err.message).toContain("(the file may have been sent before it failed: it may have been stored, so it was not sent again");
    expect(lost.seen.connections).toBe(1);
  } finally {
    vi.unstubAllGlobals();
  }
});
