// Audit s20-mcp M1 and s20-mock F2: uploads being read were counted by what they announced, not
// what arrived. A chunked upload (no Content-Length, as the MCP server sends) counted as the
// largest upload, so two at once filled the budget and the rest got 503 (or EPIPE); two idle
// connections announcing 512 MiB each blocked every upload for Node's 300 s request timeout. Now
// the budget counts received bytes, and an upload that sends nothing for uploadIdleTimeout gets 408.
import net from "node:net";
import { afterEach, describe, expect, test } from "vitest";
import { validator } from "../../../test/support/spec.ts";
import { type MockServer, startMockServer } from "../src/index.js";
import { json, raw } from "./support/raw.js";

const KEY = "monet_budget";
const KiB = 1024;
const boundary = "----budget";
const partHead = `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="a.png"\r\ncontent-type: image/png\r\n\r\n`;
const partTail = `\r\n--${boundary}--\r\n`;
const isError = (body: unknown) => validator("ErrorResponse")(body);

/** A multipart body of exactly `size` bytes. */
const formOf = (size: number) => Buffer.concat([Buffer.from(partHead), Buffer.alloc(size - partHead.length - partTail.length, 1), Buffer.from(partTail)]);
const head = (length?: number) =>
  `POST /api/v1/files HTTP/1.1\r\nhost: 127.0.0.1\r\nauthorization: Bearer ${KEY}\r\ncontent-type: multipart/form-data; boundary=${boundary}\r\n${
    length === undefined ? "transfer-encoding: chunked" : `content-length: ${length}`
  }\r\n\r\n`;
const chunk = (b: Buffer | string) => [`${Buffer.byteLength(b).toString(16)}\r\n`, b, "\r\n"];

let mock: MockServer;
const sockets: net.Socket[] = [];
/** A connection that sends `parts` and then waits (an upload not finished). */
const hold = async (...parts: (string | Buffer)[]) => {
  const sock = net.connect(mock.port, "127.0.0.1");
  sock.on("error", () => {});
  sockets.push(sock);
  const answer = new Promise<string>((resolve) => {
    let text = "";
    sock.on("data", (d) => {
      text += d.toString("latin1");
    });
    sock.on("close", () => resolve(text));
  });
  await new Promise((r) => sock.once("connect", r));
  for (const p of parts) sock.write(p);
  return { sock, answer };
};
/** The mock has read `n` bytes of held uploads (it reports what it holds). */
const holding = (n: number) => expect.poll(() => mock.state.uploading(), { timeout: 10_000, interval: 20 }).toBe(n);

afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await mock?.close();
});

describe("the upload budget counts bytes received", () => {
  test("two small chunked uploads at once both succeed (each counted as the largest before)", async () => {
    mock = await startMockServer({ port: 0, maxStoredBytes: 1024 * KiB, maxUploadBytes: 512 * KiB });
    const form = formOf(2 * KiB);
    // One chunked upload in flight, holding what it sent so far.
    await hold(head(), ...chunk(form.subarray(0, 1000)));
    await holding(1000);
    const [second] = await raw(mock.port, [head(), ...chunk(form), "0\r\n\r\n"]);
    expect(second.status).toBe(200);
    // Ten more at once, as an agent uploading ten images does.
    const all = await Promise.all(Array.from({ length: 10 }, () => raw(mock.port, [head(), ...chunk(form), "0\r\n\r\n"])));
    expect(all.map(([r]) => r.status)).toEqual(Array(10).fill(200));
  });

  test("connections announcing the whole budget and sending nothing do not block an upload", async () => {
    mock = await startMockServer({ port: 0, maxStoredBytes: 1024 * KiB, maxUploadBytes: 512 * KiB });
    await hold(head(512 * KiB));
    await hold(head(512 * KiB));
    const [r] = await raw(mock.port, [head(10 * KiB), formOf(10 * KiB)]);
    expect(r.status).toBe(200);
    expect(json(r).size).toBeGreaterThan(0);
  });

  test("received bytes past the budget: that upload gets a readable 503 with Retry-After, and the room comes back", async () => {
    // Six 400 MiB uploads held back before their last byte kept 2.5 GB at once before this cap.
    mock = await startMockServer({ port: 0, maxStoredBytes: 1024 * KiB, maxUploadBytes: 512 * KiB });
    const size = 500 * KiB;
    const form = formOf(size);
    // Two uploads that stop before their last byte: 999 KiB held.
    const held = [await hold(head(size), form.subarray(0, size - 512)), await hold(head(size), form.subarray(0, size - 512))];
    await holding(2 * (size - 512));
    const [third] = await raw(mock.port, [head(size), form]);
    expect(third.status).toBe(503);
    expect(third.headers["retry-after"]).toBe("1");
    expect(isError(json(third))).toBe(true);
    expect(json(third).error.message).toMatch(/maxStoredBytes/);
    // fetch reads the 503 too (the body was read and dropped, not cut with EPIPE).
    const fd = new FormData();
    fd.append("file", new Blob([new Uint8Array(40 * KiB)], { type: "image/png" }), "b.png");
    const viaFetch = await fetch(`${mock.url}/api/v1/files`, { method: "POST", headers: { authorization: `Bearer ${KEY}` }, body: fd });
    expect(viaFetch.status).toBe(503);
    expect((await viaFetch.json()).error.code).toBe("unavailable");
    for (const h of held) h.sock.destroy();
    await holding(0);
    const [fourth] = await raw(mock.port, [head(size), form]);
    expect(fourth.status).toBe(200);
  });
});

describe("an upload that sends nothing for uploadIdleTimeout gets 408", () => {
  test("announced and idle, or stopped halfway: 408 with the error body, the connection closed, the budget freed", async () => {
    mock = await startMockServer({ port: 0, maxStoredBytes: 1024 * KiB, maxUploadBytes: 512 * KiB, uploadIdleTimeout: 300 });
    const form = formOf(500 * KiB);
    const idle = await hold(head(500 * KiB));
    const halfway = await hold(head(500 * KiB), form.subarray(0, 400 * KiB));
    for (const { answer } of [idle, halfway]) {
      const text = await answer; // the mock closes the connection after its answer
      expect(text).toMatch(/^HTTP\/1\.1 408 /);
      expect(text).toMatch(/\r\nconnection: close\r\n/i);
      const body = JSON.parse(text.slice(text.indexOf("\r\n\r\n") + 4));
      expect(isError(body)).toBe(true);
      expect(body.error.code).toBe("request_timeout");
      expect(body.error.message).toMatch(/uploadIdleTimeout/);
    }
    await holding(0);
  });

  test("a bad uploadIdleTimeout is refused at start, naming it", async () => {
    await expect(startMockServer({ port: 0, uploadIdleTimeout: 0 })).rejects.toThrow(/uploadIdleTimeout/);
  });
});
