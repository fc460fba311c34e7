// upload_file against an agent told to exfiltrate: only regular media files inside the folders
// the user allowed (the client's roots, else MONET_MCP_ROOTS) leave the machine; every refusal
// says why, and sends nothing. Real SDK client over stdio, real mock, real files, FIFO and links.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { MockServer } from "@monet-ai/mock";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type Started, startLoggedMock, startMcp, text } from "./support.ts";

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1]);
const tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "monet-mcp-roots-")));
const home = path.join(tmp, "home");
const root = path.join(tmp, "project");
const other = path.join(tmp, "other");
const outside = path.join(tmp, "outside");
let mock: MockServer;
let requests: string[];

beforeAll(async () => {
  for (const d of [home, path.join(home, ".ssh"), root, path.join(root, "album.png"), other, outside]) fs.mkdirSync(d, { recursive: true });
  fs.writeFileSync(path.join(home, ".ssh/id_rsa"), "-----BEGIN OPENSSH PRIVATE KEY-----\nsecret\n");
  fs.writeFileSync(path.join(root, "cat.png"), PNG);
  fs.writeFileSync(path.join(other, "dog.png"), PNG);
  fs.writeFileSync(path.join(outside, "secret.png"), PNG);
  fs.writeFileSync(path.join(root, "notes.txt"), "plain text");
  fs.writeFileSync(path.join(root, "fake.png"), "-----BEGIN OPENSSH PRIVATE KEY-----\n");
  fs.symlinkSync(path.join(outside, "secret.png"), path.join(root, "link.png"));
  fs.symlinkSync(outside, path.join(root, "linked-dir"));
  execFileSync("mkfifo", [path.join(root, "pipe.mp4")]);
  ({ mock, requests } = await startLoggedMock());
}, 30_000);
afterAll(async () => {
  await mock?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const upload = (mcp: Started, p: string) => mcp.client.callTool({ name: "upload_file", arguments: { path: p } }) as Promise<any>;

/** Calls upload_file, expects a refusal matching `reason`, and that nothing reached the API. */
async function refused(mcp: Started, p: string, reason: RegExp) {
  const before = requests.length;
  const r = await upload(mcp, p);
  expect(r.isError, text(r)).toBe(true);
  expect(text(r)).toMatch(reason);
  expect(requests.slice(before)).toEqual([]);
  return text(r);
}

describe("roots declared by the client", () => {
  let mcp: Started;
  beforeAll(async () => {
    mcp = await startMcp({ roots: [root], cwd: root, env: { HOME: home, MONET_BASE_URL: mock.url } });
  }, 30_000);
  afterAll(() => mcp?.close());

  test("an allowed image uploads, byte for byte", async () => {
    const r = await upload(mcp, path.join(root, "cat.png"));
    expect(r.isError, text(r)).toBeFalsy();
    expect(r.structuredContent).toMatchObject({ filename: "cat.png", content_type: "image/png", size: PNG.length });
    expect(Buffer.from(await (await fetch(r.structuredContent.url)).arrayBuffer())).toEqual(PNG);
  });

  test("/etc/passwd is outside the roots", async () => {
    const why = await refused(mcp, "/etc/passwd", /\/etc\/passwd is outside the folders upload_file may read \(client roots: /);
    expect(why).toContain(root);
    expect(why).toMatch(/roots|MONET_MCP_ROOTS/);
  });

  test("a path outside the roots is refused alike whether it exists or not: no probing for files there", async () => {
    const exists = await refused(mcp, path.join(outside, "secret.png"), /is outside the folders/);
    const missing = await refused(mcp, path.join(outside, "missing.png"), /is outside the folders/);
    expect(missing.replace("missing.png", "secret.png")).toBe(exists);
    await refused(mcp, "/etc/passwd/x", /\/etc\/passwd\/x is outside the folders/);
    await refused(mcp, path.join(root, "linked-dir/missing.png"), /leads \(through a link\) outside the folders/);
  });

  test("a private key in HOME is outside the roots; ~ is not expanded", async () => {
    await refused(mcp, path.join(home, ".ssh/id_rsa"), /outside the folders/);
    await refused(mcp, "~/.ssh/id_rsa", /path must be absolute/);
  });

  test("a relative path is refused, even one that names a file in the server's cwd", async () => {
    await refused(mcp, "cat.png", /path must be absolute \(got "cat.png"\)/);
    await refused(mcp, "../outside/secret.png", /path must be absolute/);
  });

  test("a symlink inside a root that points outside is refused (the file, or a folder on the way)", async () => {
    // Where the link leads is not said: a refusal must not map what is outside (audit s16-mcp L3).
    expect(await refused(mcp, path.join(root, "link.png"), /link.png leads \(through a link\) outside/)).not.toContain(outside);
    await refused(mcp, path.join(root, "linked-dir/secret.png"), /leads \(through a link\) outside/);
    await refused(mcp, path.join(root, "../outside/secret.png"), /is outside/);
  });

  test("a FIFO does not block the server; it is refused as not a regular file", async () => {
    await refused(mcp, path.join(root, "pipe.mp4"), /pipe\.mp4 is a named pipe \(FIFO\), not a regular file/);
    // The server still answers.
    expect((await mcp.client.callTool({ name: "list_models", arguments: { type: "music" } })).isError).toBeFalsy();
  });

  test("a .txt file, a folder named .png, and a text file named .png are not media", async () => {
    await refused(mcp, path.join(root, "notes.txt"), /only image, video and audio files can be uploaded \(.png, .jpg.*\); notes.txt is not one/);
    await refused(mcp, path.join(root, "fake.png"), /fake.png does not look like image\/png \(its first bytes are not that format's signature\)/);
    await refused(mcp, path.join(root, "album.png"), /album.png is a folder, not a regular file/);
    await refused(mcp, path.join(root, "missing.png"), /path .*missing.png: no such file/);
  });

  test("roots are read again when the client says they changed", async () => {
    await refused(mcp, path.join(other, "dog.png"), /outside/);
    await mcp.setRoots([other]);
    const r = await upload(mcp, path.join(other, "dog.png"));
    expect(r.isError, text(r)).toBeFalsy();
    await refused(mcp, path.join(root, "cat.png"), /outside/);
    await mcp.setRoots([root]);
  });
});

test("no roots at all: the tool says how to allow a folder, and sends nothing", async () => {
  const mcp = await startMcp({ cwd: root, env: { HOME: home, MONET_BASE_URL: mock.url } });
  try {
    const why = await refused(mcp, path.join(root, "cat.png"), /upload_file may read no folder: the client declared no roots and MONET_MCP_ROOTS is not set/);
    expect(why).toMatch(/roots/);
    expect(why).toMatch(/MONET_MCP_ROOTS to its absolute path/);
  } finally {
    await mcp.close();
  }
}, 30_000);

test("MONET_MCP_ROOTS (a path list) allows its folders when the client declares no roots", async () => {
  const mcp = await startMcp({
    cwd: root,
    env: { HOME: home, MONET_BASE_URL: mock.url, MONET_MCP_ROOTS: [other, "relative/ignored", root].join(path.delimiter) },
  });
  try {
    for (const f of [path.join(other, "dog.png"), path.join(root, "cat.png")]) {
      const r = await upload(mcp, f);
      expect(r.isError, text(r)).toBeFalsy();
    }
    await refused(mcp, path.join(outside, "secret.png"), /outside the folders upload_file may read \(MONET_MCP_ROOTS: /);
    await refused(mcp, path.join(home, ".ssh/id_rsa"), /outside/);
    expect(mcp.stderr()).toContain("ignored relative/ignored");
  } finally {
    await mcp.close();
  }
}, 30_000);
