// s10 audit F2: the bytes the media check reads are the bytes uploaded. While the first upload is
// in flight, a local writer (played by the upload server) replaces an already-checked image with a
// symlink to a same-size, same-mtime key file. Each file is opened once, checked and streamed from
// that handle, so the key never leaves the machine.
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, expect, test } from "vitest";
import { monet } from "./run.ts";

const SECRET = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA_SECRET_\n-----END OPENSSH PRIVATE KEY-----\n";
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
let dir: string;
let server: http.Server | undefined;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "monet-swap-"));
});
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((r) => (server ? server.close(r) : r(undefined)));
  server = undefined;
  fs.rmSync(dir, { recursive: true, force: true });
});

test("F2: a file swapped for a symlink to a key file after its check is not what is uploaded", async () => {
  fs.mkdirSync(path.join(dir, "secret"));
  const secret = path.join(dir, "secret", "id_ed25519");
  fs.writeFileSync(secret, SECRET);
  for (const i of [1, 2, 3, 4]) {
    const bytes = Buffer.alloc(SECRET.length);
    Buffer.from(PNG).copy(bytes);
    fs.writeFileSync(path.join(dir, `img${i}.png`), bytes);
  }
  // Same size and times as the image it replaces: nothing a size or mtime check would notice.
  for (const f of [secret, path.join(dir, "img4.png")]) fs.utimesSync(f, 1_700_000_000, 1_700_000_000);
  const uploads: string[] = [];
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    if (req.url?.startsWith("/api/v1/files") && uploads.length === 0) {
      uploads.push("(swapping)");
      fs.unlinkSync(path.join(dir, "img4.png"));
      fs.symlinkSync(secret, path.join(dir, "img4.png"));
    }
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("latin1");
      res.writeHead(200, { "content-type": "application/json" });
      if (req.url?.startsWith("/api/v1/files")) {
        uploads.push(body);
        return res.end(JSON.stringify({ url: `https://files.example/f${uploads.length}.png` }));
      }
      res.end(JSON.stringify({ id: "task_1", type: "image", status: "pending", created_at: "x", input: {} }));
    });
  });
  await new Promise<void>((r) => server?.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const r = await monet(
    [
      "--base-url",
      url,
      "generate",
      "image",
      "--model",
      "nano-banana-1",
      "--prompt",
      "hi",
      "--no-wait",
      "--images",
      "img1.png",
      "img2.png",
      "img3.png",
      "img4.png",
    ],
    { cwd: dir, env: { MONET_API_KEY: "monet_cli_swap_key" } },
  );
  expect(r.code, r.stderr).toBe(0);
  const sent = uploads.slice(1);
  expect(sent).toHaveLength(4);
  for (const body of sent) {
    expect(body).not.toContain("BEGIN OPENSSH");
    expect(body).toContain(Buffer.from(PNG).toString("latin1"));
  }
  expect(fs.lstatSync(path.join(dir, "img4.png")).isSymbolicLink()).toBe(true); // the swap did happen
});
