// The default downloader against a hostile loopback server: only allowed URLs (redirects too),
// names that cannot leave the folder, extensions from a fixed list, a size cap, no overwrite,
// no symlinked folder, and no partial file left behind.
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, test } from "vitest";
import { saveOutput, refuseUrl } from "../src/download.js";

let server: http.Server;
let base: string;
let dir: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const u = req.url ?? "/";
    if (u === "/png") return res.writeHead(200, { "content-type": "image/png" }).end("PNGDATA");
    if (u === "/script.sh") return res.writeHead(200, { "content-type": "text/x-shellscript" }).end("rm -rf ~");
    if (u === "/to-file") return res.writeHead(302, { location: "file:///etc/passwd" }).end();
    if (u === "/to-remote-http") return res.writeHead(302, { location: "http://169.254.169.254/latest/meta-data" }).end();
    if (u === "/to-png") return res.writeHead(302, { location: "/png" }).end();
    if (u === "/big-declared") return res.writeHead(200, { "content-type": "video/mp4", "content-length": "5000" }).end("x".repeat(5000));
    if (u === "/big-chunked") {
      res.writeHead(200, { "content-type": "video/mp4" });
      res.write("x".repeat(3000));
      return res.end("x".repeat(3000));
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "monet-download-"));
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  fs.rmSync(dir, { recursive: true, force: true });
});

test("only https, or http on loopback and allowed origins; never file: or data:", () => {
  expect(refuseUrl("https://cdn.example.com/a.png")).toBeUndefined();
  expect(refuseUrl("http://127.0.0.1:4020/a.png")).toBeUndefined();
  expect(refuseUrl("http://cdn.example.com/a.png")).toMatch(/only https/);
  expect(refuseUrl("http://api.internal:8080/a.png", ["http://api.internal:8080"])).toBeUndefined();
  expect(refuseUrl("file:///etc/passwd")).toMatch(/only https/);
  expect(refuseUrl("data:image/png;base64,AAAA")).toMatch(/only https/);
});

test("a redirect is checked like the URL itself", async () => {
  await expect(saveOutput(`${base}/to-file`, { dir, name: "a" })).rejects.toThrow(/only https URLs are downloaded \(got file:/);
  await expect(saveOutput(`${base}/to-remote-http`, { dir, name: "a" })).rejects.toThrow(/only https URLs are downloaded \(got http:\/\/169\.254/);
  const ok = await saveOutput(`${base}/to-png`, { dir, name: "redirected" });
  expect(fs.readFileSync(ok.path, "utf8")).toBe("PNGDATA");
  expect(fs.readdirSync(dir)).not.toContain("a.bin");
});

test("the name cannot leave the folder and the extension comes from the media type", async () => {
  const s = await saveOutput(`${base}/png`, { dir, name: "../../../tmp/evil" });
  expect(path.dirname(s.path)).toBe(fs.realpathSync(dir));
  expect(path.basename(s.path)).toBe("tmp-evil.png");
  const sh = await saveOutput(`${base}/script.sh`, { dir, name: "script" });
  expect(path.basename(sh.path)).toBe("script.bin");
});

test("a size cap, from content-length and from a running count; nothing partial is left", async () => {
  await expect(saveOutput(`${base}/big-declared`, { dir, name: "big1", maxBytes: 4000 })).rejects.toThrow(/over the limit of 4000/);
  await expect(saveOutput(`${base}/big-chunked`, { dir, name: "big2", maxBytes: 4000 })).rejects.toThrow(/over the limit of 4000/);
  expect(fs.readdirSync(dir).filter((f) => f.includes("big"))).toEqual([]);
});

test("never overwrites: an existing file (or a symlink planted at the name) stays as it was", async () => {
  fs.writeFileSync(path.join(dir, "keep.png"), "MINE");
  await expect(saveOutput(`${base}/png`, { dir, name: "keep" })).rejects.toThrow(/refused to overwrite/);
  expect(fs.readFileSync(path.join(dir, "keep.png"), "utf8")).toBe("MINE");
  const target = path.join(dir, "victim.txt");
  fs.writeFileSync(target, "SECRET");
  fs.symlinkSync(target, path.join(dir, "planted.png"));
  await expect(saveOutput(`${base}/png`, { dir, name: "planted" })).rejects.toThrow(/refused to overwrite/);
  expect(fs.readFileSync(target, "utf8")).toBe("SECRET");
  expect(fs.readdirSync(dir).filter((f) => f.endsWith(".part"))).toEqual([]);
});

test("a folder that is a symlink is refused", async () => {
  const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), "monet-elsewhere-"));
  fs.symlinkSync(elsewhere, path.join(dir, "linked"));
  await expect(saveOutput(`${base}/png`, { dir: path.join(dir, "linked"), name: "x" })).rejects.toThrow(/is a link, not a folder/);
  expect(fs.readdirSync(elsewhere)).toEqual([]);
  fs.rmSync(elsewhere, { recursive: true });
});
