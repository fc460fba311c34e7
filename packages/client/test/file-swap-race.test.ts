// fileFromPath's check and the upload's read are one: the bytes sent are those of the file the
// check looked at. Before, the client stat'ed the path, then let fetch read it through a Blob of
// the path (Node's openAsBlob, which opens the path again at each read and compares only size and
// modification time): whoever could write the folder could swap the path for a link to another
// file (a key, /etc/passwd) between the two, and that file was sent. Here the swap is made from the
// test's own fetch, after the check and before the body is read, against a real loopback server
// that records every byte it gets.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, expect, test } from "vitest";
import { type Hostile, json, startHostile } from "../../../test/support/hostile.js";
import { InputValidationError, Monet } from "../src/index.js";
import { fileFromPath } from "../src/node.js";

let dir: string;
let server: Hostile;
/** Answers to the uploads, in turn (then 200 with a file URL). */
let statuses: number[];
beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "monet-swap-race-"));
  statuses = [];
  server = await startHostile((_req, res) => {
    const status = statuses.shift() ?? 200;
    if (status === 200) json(res, 200, { url: "https://files.monet.vision/uploads/u1.png" });
    else json(res, status, { error: { code: "unavailable", message: "try again" } });
  });
});
afterEach(async () => {
  await server.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const MINE = "MINE-".repeat(2000);
const SECRET = "SECRET-KEY".repeat(1000);

/** The user's file at `p`, and a secret next to it with the same size and modification time (Node's own check sees no change). */
function files() {
  const p = path.join(dir, "photo.png");
  const secret = path.join(dir, "id_rsa");
  fs.writeFileSync(p, MINE);
  fs.writeFileSync(secret, SECRET);
  expect(SECRET.length).toBe(MINE.length);
  execFileSync("touch", ["-r", p, secret]);
  return { p, secret };
}

/** The path swapped for a link to the secret, as an attacker who can write the folder would. */
const swapForLink = (p: string, secret: string) => {
  fs.rmSync(p);
  fs.symlinkSync(secret, p);
};

/** A client whose fetch swaps the path just before its first request is sent, or (`afterFirst`) once its answer came. */
function client(p: string, secret: string, when: "beforeFirst" | "afterFirst" | "never") {
  let calls = 0;
  const swapping: typeof fetch = async (input, init) => {
    const first = ++calls === 1;
    if (first && when === "beforeFirst") swapForLink(p, secret);
    const res = await fetch(input, init);
    if (first && when === "afterFirst") swapForLink(p, secret);
    return res;
  };
  return new Monet({ apiKey: "monet_sk_test_swap", baseUrl: server.url, fetch: swapping, retry: { delay: () => 0 } });
}

const leaked = () => server.seen.some((s) => s.body.includes("SECRET-KEY"));

test("a path swapped for a link after the check, before the body is read: the checked file's bytes are sent, never the link's", async () => {
  const { p, secret } = files();
  const file = await fileFromPath(p);
  const up = await client(p, secret, "beforeFirst").files.upload(file);
  expect(up.url).toMatch(/^https:/);
  expect(leaked()).toBe(false);
  expect(server.seen).toHaveLength(1);
  expect(server.seen[0].body).toContain(MINE);
});

test("a path swapped for a link between two attempts of an upload: the retry is refused naming the path, the link's file never sent", async () => {
  const { p, secret } = files();
  const file = await fileFromPath(p);
  statuses = [503];
  const err = await client(p, secret, "afterFirst")
    .files.upload(file)
    .catch((e) => e);
  expect(leaked()).toBe(false);
  expect(err).toBeInstanceOf(InputValidationError);
  expect(err.message).toContain(`the file changed after fileFromPath opened it (another file is at the path now); call fileFromPath again`);
  expect(err.message).toContain(p);
  expect(server.seen).toHaveLength(1);
});

/** Descriptors of this process open on `p` (one may close between the listing and its readlink). */
function openOn(p: string) {
  const target = (fd: string) => {
    try {
      return fs.readlinkSync(`/proc/self/fd/${fd}`, { encoding: "utf8" });
    } catch {
      return undefined;
    }
  };
  return fs.readdirSync("/proc/self/fd").filter((fd) => target(fd) === p).length;
}

test("no descriptor stays open once an upload ends, sent or not (a refused connection reads no body), and the File's own bytes still read", async () => {
  const { p } = files();
  const file = await fileFromPath(p);
  await new Monet({ apiKey: "monet_sk_test_swap", baseUrl: server.url }).files.upload(file);
  expect(openOn(p)).toBe(0);
  const closed = await startHostile(() => {});
  const nowhere = closed.url;
  await closed.close();
  const err = await new Monet({ apiKey: "monet_sk_test_swap", baseUrl: nowhere, maxRetries: 1, retry: { delay: () => 0 } }).files.upload(file).catch((e) => e);
  expect(err.message).toMatch(/^Connection failed/);
  expect(openOn(p)).toBe(0);
  // The File's own bytes, for code other than the client's uploads, are still there.
  expect(Buffer.from(await file.arrayBuffer()).toString()).toBe(MINE);
});

test("a FIFO swapped in at the path is refused naming the path, without hanging and with nothing sent", async () => {
  const { p } = files();
  const file = await fileFromPath(p);
  fs.rmSync(p);
  execFileSync("mkfifo", [p]);
  const err = await client(p, p, "never")
    .files.upload(file)
    .catch((e) => e);
  expect(err).toBeInstanceOf(InputValidationError);
  // The removed file's inode number may be given to the FIFO: then its size (0) tells them apart.
  expect(err.message).toMatch(/the file changed after fileFromPath opened it \((another file is at the path now|10000 bytes then, 0 now)\)/);
  expect(err.message).toContain(p);
  expect(server.seen).toHaveLength(0);
});

test("a file cut short in place after the check, before it is read: the upload is refused naming the path, never stored short", async () => {
  const { p } = files();
  const file = await fileFromPath(p);
  let calls = 0;
  const cutting: typeof fetch = (input, init) => {
    if (++calls === 1) fs.truncateSync(p, 100);
    return fetch(input, init);
  };
  const monet = new Monet({ apiKey: "monet_sk_test_swap", baseUrl: server.url, fetch: cutting, retry: { delay: () => 0 } });
  const err = await monet.files.upload(file).catch((e) => e);
  expect(err).toBeInstanceOf(InputValidationError);
  // Refused by the read that found it short, at once: not retried as a connection failure.
  expect(err.message).toContain("the file changed after fileFromPath opened it (10000 bytes then, 100 now, while it was sent)");
  expect(calls).toBe(1);
  expect(server.seen.filter((s) => s.body.endsWith("--\r\n"))).toHaveLength(0);
  expect(openOn(p)).toBe(0);
});

test("an upload of fileFromPath declares its length, and sends exactly that many bytes (not chunked, which a gateway may refuse)", async () => {
  const { p } = files();
  const got: { length?: string; chunked?: string; bytes: number }[] = [];
  const counting = await startHostile((req, res, seen) => {
    got.push({ length: req.headers["content-length"], chunked: req.headers["transfer-encoding"], bytes: Buffer.byteLength(seen.body) });
    json(res, 200, { url: "https://files.monet.vision/uploads/u1.png" });
  });
  try {
    await new Monet({ apiKey: "monet_sk_test_swap", baseUrl: counting.url }).files.upload(await fileFromPath(p));
  } finally {
    await counting.close();
  }
  expect(got).toHaveLength(1);
  expect(got[0].chunked).toBeUndefined();
  expect(Number(got[0].length)).toBe(got[0].bytes);
  expect(got[0].bytes).toBeGreaterThan(MINE.length);
});

test("a file cut short while its upload is going out, with maxRetries: 0: refused as itself (naming the path), not as a connection failure", async () => {
  // Larger than what the loopback socket and fetch buffer before the server reads a byte, so
  // most of the file is still to be read when the server, at the request's headers, cuts it.
  const big = path.join(dir, "clip.mp4");
  fs.writeFileSync(big, Buffer.alloc(32 * 2 ** 20, 7));
  const file = await fileFromPath(big);
  let cut = 0;
  const cutting = http.createServer((req, res) => {
    cut++;
    fs.truncateSync(big, 100);
    req.resume();
    req.on("end", () => json(res, 200, { url: "https://files.monet.vision/uploads/u1.png" }));
    req.on("error", () => {});
  });
  await new Promise<void>((r) => cutting.listen(0, "127.0.0.1", r));
  try {
    const { port } = cutting.address() as AddressInfo;
    const monet = new Monet({ apiKey: "monet_sk_test_swap", baseUrl: `http://127.0.0.1:${port}`, maxRetries: 0 });
    const err = await monet.files.upload(file).catch((e) => e);
    expect(cut).toBe(1);
    expect(err).toBeInstanceOf(InputValidationError);
    expect(err.message).toContain(`the file changed after fileFromPath opened it (${32 * 2 ** 20} bytes then, 100 now, while it was sent)`);
    expect(err.message).toContain(big);
    expect(openOn(big)).toBe(0);
  } finally {
    cutting.closeAllConnections();
    await new Promise((r) => cutting.close(r));
  }
});
