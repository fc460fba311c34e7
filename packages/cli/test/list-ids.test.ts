// s19 audit F12: `monet list` shows a server's id with control, bidi or zero-width characters
// escaped (`task_\u202egnp.exe`), never stripped into another plausible id (`task_gnp.exe`).
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { monet } from "./run.ts";

// A Hangul filler and a combining grapheme joiner render blank too, and a tag character (above the BMP) shows as nothing.
const IDS = [
  "task_\u202egnp.exe",
  "task_\x1b]52;c;cHduZWQ=\x07\x1b[2Jabc",
  "task_a\nsaved /etc/passwd",
  "task_a\u200bbc",
  "task_back\\u0041",
  "task_\u3164abc",
  "task_ab\u034fc",
  "task_xy\u{e0041}z",
];
const SHOWN = [
  "task_\\u202egnp.exe",
  "task_\\u001b]52;c;cHduZWQ=\\u0007\\u001b[2Jabc",
  "task_a\\u000asaved /etc/passwd",
  "task_a\\u200bbc",
  "task_back\\\\u0041",
  "task_\\u3164abc",
  "task_ab\\u034fc",
  "task_xy\\u{e0041}z",
];

let server: http.Server;
let url: string;
let cwd: string;
beforeAll(async () => {
  cwd = fs.mkdtempSync(path.join(os.tmpdir(), "monet-list-ids-"));
  const tasks = IDS.map((id) => ({ id, type: "image", status: "success", created_at: "2026-11-25T00:00:00Z", outputs: [] }));
  server = http.createServer((_req, res) =>
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ tasks, page: 1, pageSize: 20, total: tasks.length })),
  );
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  fs.rmSync(cwd, { recursive: true, force: true });
});

test("list escapes what would not show, row by row: no id reads as another", async () => {
  const r = await monet(["list"], { cwd, env: { MONET_API_KEY: "monet_list_ids", MONET_BASE_URL: url } });
  expect(r.code, r.stderr).toBe(0);
  const ids = r.stdout
    .split("\n")
    .slice(1, 1 + IDS.length)
    .map((l) => l.split(/\s{2,}/)[0]);
  expect(ids).toEqual(SHOWN);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the test looks for control characters.
  expect(r.stdout).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\u202e\u3164]|\u034f|\u{e0041}/u);
  expect(r.stdout).not.toMatch(/^task_(gnp\.exe|abc)\b/m);
  expect(r.stdout).not.toMatch(/^saved /m);
});
