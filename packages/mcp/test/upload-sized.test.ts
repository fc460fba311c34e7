// upload_file sends the file's size (content-length) and sends it again after a 503 with
// Retry-After: against the mock, several uploads at once all succeed (a chunked upload counted as
// the largest there is made all but one fail), and a busy API's 503 is retried, not the end.
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import type { MockServer } from "@monet-ai/mock";
import { afterAll, beforeAll, expect, test } from "vitest";
import { type Started, startLoggedMock, startMcp, text } from "./support.ts";

const PNG = Buffer.from(
  "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082",
  "hex",
);
const tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "monet-mcp-sized-")));
let mock: MockServer;

beforeAll(async () => {
  fs.writeFileSync(path.join(tmp, "ok.png"), PNG);
  ({ mock } = await startLoggedMock());
}, 30_000);
afterAll(async () => {
  await mock?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const upload = (mcp: Started) => mcp.client.callTool({ name: "upload_file", arguments: { path: path.join(tmp, "ok.png") } }) as Promise<any>;

test("ten uploads at once against the mock all get a URL", async () => {
  const mcp = await startMcp({ env: { MONET_BASE_URL: mock.url, MONET_MCP_ROOTS: tmp } });
  try {
    const results = await Promise.all(Array.from({ length: 10 }, () => upload(mcp)));
    expect(results.map((r) => (r.isError ? text(r) : "ok"))).toEqual(Array(10).fill("ok"));
  } finally {
    await mcp.close();
  }
}, 30_000);

test("the upload declares its size and is sent again after a 503 with Retry-After", async () => {
  const seen: { length?: string; chunked?: string; bytes: number }[] = [];
  const api = http.createServer((req, res) => {
    let bytes = 0;
    req.on("data", (c: Buffer) => (bytes += c.length));
    req.on("end", () => {
      seen.push({ length: req.headers["content-length"], chunked: req.headers["transfer-encoding"], bytes });
      if (seen.length === 1) {
        res.writeHead(503, { "content-type": "application/json", "retry-after": "1" });
        return res.end(JSON.stringify({ error: { code: "unavailable", message: "busy" } }));
      }
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ url: "https://files.example/ok.png" }));
    });
  });
  await new Promise<void>((r) => api.listen(0, "127.0.0.1", r));
  const mcp = await startMcp({ env: { MONET_BASE_URL: `http://127.0.0.1:${(api.address() as AddressInfo).port}`, MONET_MCP_ROOTS: tmp } });
  try {
    const r = await upload(mcp);
    expect(r.isError, text(r)).toBeFalsy();
    expect(text(r)).toContain("https://files.example/ok.png");
    expect(seen).toHaveLength(2);
    for (const s of seen) {
      expect(s.chunked).toBeUndefined();
      expect(Number(s.length)).toBe(s.bytes);
      expect(s.bytes).toBeGreaterThan(PNG.length);
    }
  } finally {
    await mcp.close();
    api.closeAllConnections();
    await new Promise((r) => api.close(r));
  }
}, 30_000);
