// run_pipeline raced by a local writer (the race of audit s10 F5, for run_pipeline): a second
// process keeps swapping the pipeline's folder inside the allowed folder for a link to a private
// folder (holding its own pipeline file and image) and back. The server checked the file's real
// path, then the runner opened it again by path (and its local media by path, after their own
// check): some calls ran the private pipeline or uploaded the private image. Now the file is read
// through a descriptor checked to be inside the allowed folders, and media through one checked to
// be inside the folder that file was really in. Driven by the SDK client over stdio; the API is a
// loopback server that counts which file's bytes it received.
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import type http from "node:http";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { bodyReadingApi, markedPng, type Started, startMcp, text } from "./support.ts";

const TRIES = 300;
const pipeline = (name: string, prompt: string) =>
  `name: ${name}\nsteps:\n  s: { type: image, input: { model: flux-kontext-pro, prompt: ${prompt}, images: [./a.png] } }\n`;

let dir: string;
let api: http.Server;
let mcp: Started;
let racer: ChildProcess | undefined;
// Image bytes by their marker; creates sent with the private pipeline's prompt.
const received = { PUBLIC: 0, PRIVATE: 0, privatePrompt: 0 };

beforeAll(async () => {
  dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "mcp-pipeline-race-")));
  fs.mkdirSync(path.join(dir, "allowed/proj"), { recursive: true });
  fs.mkdirSync(path.join(dir, "private"));
  fs.writeFileSync(path.join(dir, "allowed/proj/p.yaml"), pipeline("public-pipe", "a public prompt"));
  fs.writeFileSync(path.join(dir, "allowed/proj/a.png"), markedPng("PUBLIC"));
  fs.writeFileSync(path.join(dir, "private/p.yaml"), pipeline("private-pipe", "a private prompt"));
  fs.writeFileSync(path.join(dir, "private/a.png"), markedPng("PRIVATE"));
  let url: string;
  ({ server: api, url } = await bodyReadingApi(
    (body) => {
      for (const k of ["PUBLIC", "PRIVATE"] as const) if (body.includes(k)) received[k]++;
      if (body.includes("a private prompt")) received.privatePrompt++;
    },
    // Uploads succeed; creates are refused, so each run ends right after its upload.
    (u) =>
      u === "/api/v1/files"
        ? { status: 200, body: { url: "https://files.example/x.png" } }
        : { status: 400, body: { error: { message: "refused by the test" } } },
  ));
  mcp = await startMcp({ env: { MONET_BASE_URL: url, MONET_MCP_ROOTS: path.join(dir, "allowed") } });
}, 30_000);

afterAll(async () => {
  racer?.kill();
  await mcp?.close();
  await new Promise((r) => api?.close(r));
  fs.rmSync(dir, { recursive: true, force: true });
});

test(`${TRIES} dry runs and runs while another process swaps the pipeline's folder for a link out: none reads the private pipeline or uploads the private image`, async () => {
  const file = path.join(dir, "allowed/proj/p.yaml");
  let n = 0;
  const call = async (dryRun: boolean) => {
    const r: any = await mcp.client.callTool(
      { name: "run_pipeline", arguments: { file, ...(dryRun ? { dryRun } : { outDir: path.join(dir, `allowed/out-${n++}`) }) } },
      undefined,
      { timeout: 60_000 },
    );
    const said = r.isError ? text(r) : JSON.stringify(r.structuredContent);
    return said.replaceAll(dir, "<dir>");
  };
  // Control: with nobody racing, the pipeline inside is read and its image uploaded.
  expect(await call(true)).toContain('"name":"public-pipe"');
  expect(await call(false)).toContain("create failed");
  expect(received).toEqual({ PUBLIC: 1, PRIVATE: 0, privatePrompt: 0 });

  racer = spawn(
    process.execPath,
    [
      "-e",
      // Each state is held a random moment (up to 2 ms), so checks and opens land on both sides of a swap.
      `const fs = require("fs"); const d = process.argv[1];
       const hold = () => { const t = performance.now() + Math.random() * 2; while (performance.now() < t); };
       for (;;) { try { fs.renameSync(d + "/allowed/proj", d + "/allowed/proj.real"); fs.symlinkSync("../private", d + "/allowed/proj"); hold();
         fs.unlinkSync(d + "/allowed/proj"); fs.renameSync(d + "/allowed/proj.real", d + "/allowed/proj"); hold(); } catch {} }`,
      dir,
    ],
    { stdio: "ignore" },
  );
  const link = path.join(dir, "allowed/proj");
  const until = Date.now() + 30_000;
  while (!fs.lstatSync(link, { throwIfNoEntry: false })?.isSymbolicLink() && Date.now() < until);
  let privateRead = 0;
  const answers = new Set<string>();
  for (let i = 0; i < TRIES; i++) {
    const said = await call(i % 2 === 0);
    if (said.includes("private-pipe")) privateRead++;
    answers.add(said.includes("create failed") ? "ran" : said.includes('"ok":') ? "checked" : said.slice(0, 200));
  }
  racer.kill();
  expect({ privateRead, ...received }, [...answers].join("\n")).toMatchObject({ privateRead: 0, PRIVATE: 0, privatePrompt: 0 });
  // No raw "ENOENT: no such file or directory, stat '<path>'": a refusal says what changed.
  for (const a of answers) expect(a).not.toMatch(/no such file or directory/);
}, 240_000);
