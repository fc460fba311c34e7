// A file written to in place (same size, no new inode) while fileFromPath's upload is going out.
// Before, the change was found only after the whole file was read: the server got a torn mix of
// old and new bytes, all but the closing boundary (audit s17 L8: 100,000,157 of ~100,000,200).
// Now each chunk is checked through the descriptor after it is read, so the upload stops at the
// first chunk read after the write and none of the new bytes goes out. A real loopback server
// counts what it receives.
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, expect, test } from "vitest";
import { InputValidationError, Monet } from "../src/index.js";
import { fileFromPath } from "../src/node.js";

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "monet-changed-"));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

// Far more than the loopback socket and fetch hold before the server reads, so most of the file
// is still to be read when it is rewritten.
const SIZE = 32 * 2 ** 20;
const OLD = 0x00;
const NEW = 0x07;

test("a file rewritten in place while it is sent: the upload stops, refused naming the path, and no byte of the new content reaches the server", async () => {
  const p = path.join(dir, "clip.mp4");
  fs.writeFileSync(p, Buffer.alloc(SIZE, OLD));
  const file = await fileFromPath(p);
  const got = { bytes: 0, old: 0, new: 0, complete: false };
  const server = http.createServer((req, res) => {
    let rewritten = false;
    req.on("data", (chunk: Buffer) => {
      got.bytes += chunk.length;
      for (const b of chunk) {
        if (b === OLD) got.old++;
        else if (b === NEW) got.new++;
      }
      // Once the first MiB is in: the whole file rewritten in place, as an editor saving it would.
      if (!rewritten && got.bytes > 2 ** 20) {
        rewritten = true;
        const fd = fs.openSync(p, "r+");
        fs.writeSync(fd, Buffer.alloc(SIZE, NEW), 0, SIZE, 0);
        fs.closeSync(fd);
      }
    });
    req.on("end", () => {
      got.complete = true;
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ url: "https://files.monet.vision/uploads/u1.mp4" }));
    });
    req.on("error", () => {});
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  try {
    const { port } = server.address() as AddressInfo;
    const monet = new Monet({ apiKey: "monet_sk_test_changed", baseUrl: `http://127.0.0.1:${port}`, maxRetries: 0 });
    const err = await monet.files.upload(file).catch((e) => e);
    expect(err).toBeInstanceOf(InputValidationError);
    expect(err.message).toContain("the file changed after fileFromPath opened it (modified, while it was sent)");
    expect(err.message).toContain(p);
    // Let the server take in whatever was sent before the refusal closed the connection.
    await new Promise<void>((r) => server.close(() => r()));
    expect(got.new).toBe(0);
    expect(got.bytes).toBeLessThan(SIZE);
    expect(got.complete).toBe(false);
  } finally {
    server.closeAllConnections();
    server.close();
  }
});
