// s13 audit L6: an interruption says in --json whether anything was created. `generate` stopped
// during its uploads (before the create) says `created: false`; `upload` stopped mid-way prints
// its own interrupted object instead of nothing. Against a loopback API that never answers an upload.
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, expect, test } from "vitest";
import { mediaBytes } from "./media-bytes.ts";
import { interrupted } from "./run.ts";

let server: http.Server | undefined;
let cwd: string;
let uploads = 0;

beforeEach(async () => {
  cwd = fs.mkdtempSync(path.join(os.tmpdir(), "monet-interrupted-"));
  fs.writeFileSync(path.join(cwd, "a.png"), mediaBytes("a.png"));
  uploads = 0;
  // Reads an upload (a POST that is not a create) and never answers it; anything else is a 500.
  server = http.createServer((req, res) => {
    if (req.method === "POST" && !req.url?.includes("/tasks")) {
      uploads++;
      return req.resume();
    }
    res.writeHead(500).end();
  });
  await new Promise<void>((r) => server?.listen(0, "127.0.0.1", r));
});
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
  fs.rmSync(cwd, { recursive: true, force: true });
});

const env = () => ({ MONET_API_KEY: "monet_cli_interrupt_key", MONET_BASE_URL: `http://127.0.0.1:${((server as http.Server).address() as AddressInfo).port}` });

test("L6: generate stopped during its upload says created: false (nothing was sent to create a task)", async () => {
  const r = await interrupted(
    ["--json", "generate", "video", "--model", "wan-animate-move", "--images", "./a.png", "--videos", "https://a.test/v.mp4", "--out", "o"],
    {
      cwd,
      env: env(),
      signal: "SIGTERM",
      ready: () => uploads > 0,
    },
  );
  expect(r.code).toBe(143);
  expect(JSON.parse(r.stdout)).toMatchObject({ task: null, files: [], interrupted: true, signal: "SIGTERM", created: false, resume: null });
});

test("L6: upload --json stopped mid-way prints its interrupted object, with the command that uploads again", async () => {
  const r = await interrupted(["--json", "upload", "./a.png"], { cwd, env: env(), signal: "SIGTERM", ready: () => uploads > 0 });
  expect(r.code).toBe(143);
  expect(JSON.parse(r.stdout)).toEqual({ file: null, uploaded: false, interrupted: true, signal: "SIGTERM", resume: "monet --json upload ./a.png" });
});
