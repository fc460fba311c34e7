// upload_file raced by a local writer (audit s10 F5): a second process keeps swapping a folder on
// the path for a symlink to a private folder and back. Checking the path and then opening it
// again let some calls read the private file; the server now checks where the opened file itself
// is. Driven by the SDK client over stdio; the API is a loopback server that counts which file's
// bytes it received.
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import type http from "node:http";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { bodyReadingApi, markedPng, type Started, startMcp, text } from "./support.ts";

const TRIES = 1000;

let dir: string;
let api: http.Server;
let mcp: Started;
let racer: ChildProcess | undefined;
const received = { PUBLIC: 0, PRIVATE: 0 };

beforeAll(async () => {
  dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "mcp-upload-race-")));
  fs.mkdirSync(path.join(dir, "allowed/sub"), { recursive: true });
  fs.mkdirSync(path.join(dir, "private"));
  fs.writeFileSync(path.join(dir, "allowed/sub/a.png"), markedPng("PUBLIC"));
  fs.writeFileSync(path.join(dir, "private/a.png"), markedPng("PRIVATE"));
  let url: string;
  ({ server: api, url } = await bodyReadingApi(
    (body) => {
      for (const k of ["PUBLIC", "PRIVATE"] as const) if (body.includes(k)) received[k]++;
    },
    () => ({ status: 200, body: { url: "https://files.example/x.png" } }),
  ));
  mcp = await startMcp({ env: { MONET_BASE_URL: url, MONET_MCP_ROOTS: path.join(dir, "allowed") } });
}, 30_000);

afterAll(async () => {
  racer?.kill();
  await mcp?.close();
  await new Promise((r) => api?.close(r));
  fs.rmSync(dir, { recursive: true, force: true });
});

test(`${TRIES} uploads while another process swaps a folder on the path for a link out: none reads the private file, every refusal is worded`, async () => {
  const file = path.join(dir, "allowed/sub/a.png");
  // Control: with nobody racing, the file inside is uploaded.
  expect((await mcp.client.callTool({ name: "upload_file", arguments: { path: file } })).isError).toBeFalsy();
  expect(received).toEqual({ PUBLIC: 1, PRIVATE: 0 });

  // The local writer: sub is a folder, then (moved away) a link to ../private, and back, forever.
  racer = spawn(
    process.execPath,
    [
      "-e",
      `const fs = require("fs"); const d = process.argv[1];
         for (;;) { try { fs.renameSync(d + "/allowed/sub", d + "/allowed/sub.real"); fs.symlinkSync("../private", d + "/allowed/sub");
           fs.unlinkSync(d + "/allowed/sub"); fs.renameSync(d + "/allowed/sub.real", d + "/allowed/sub"); } catch {} }`,
      dir,
    ],
    { stdio: "ignore" },
  );
  const answers = new Set<string>();
  for (let i = 0; i < TRIES; i++) {
    const r: any = await mcp.client.callTool({ name: "upload_file", arguments: { path: file } });
    // Paths out, so the kinds of answer can be listed.
    answers.add(r.isError ? text(r).replaceAll(dir, "<dir>") : "uploaded");
  }
  racer.kill();

  expect(received.PRIVATE).toBe(0);
  // No raw "Error: ENOENT ... stat '<path>'": each refusal names the argument and says why.
  for (const a of answers) expect(a).toMatch(/^uploaded$|^upload_file refused: path <dir>\/allowed\/sub\/a\.png[: ]/);
}, 180_000);
