// Too large to send: a file over the spec's upload bound (x-monet-max-upload-bytes) is refused
// from its size before any byte is sent, naming the path and the bound; a task request the API
// refuses as too large (413) tells the agent to pass media through the upload_file tool.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { MAX_UPLOAD_BYTES } from "@monet-ai/client/operations";
import type { MockServer } from "@monet-ai/mock";
import { afterAll, beforeAll, expect, test } from "vitest";
import { type Started, startLoggedMock, startMcp, text } from "./support.ts";

const tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "monet-mcp-oversize-")));
let mock: MockServer;
let requests: string[];
let mcp: Started;

beforeAll(async () => {
  // Sparse: a PNG signature, then a hole up to one byte past the bound.
  const big = path.join(tmp, "big.png");
  fs.writeFileSync(big, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  fs.truncateSync(big, MAX_UPLOAD_BYTES + 1);
  ({ mock, requests } = await startLoggedMock());
  mcp = await startMcp({ env: { MONET_BASE_URL: mock.url, MONET_MCP_ROOTS: tmp } });
}, 30_000);
afterAll(async () => {
  await mcp?.close();
  await mock?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

test("a file one byte over the upload bound is refused from its size, naming path and the bound; nothing is sent", async () => {
  const before = requests.length;
  const r = (await mcp.client.callTool({ name: "upload_file", arguments: { path: path.join(tmp, "big.png") } })) as any;
  expect(r.isError).toBe(true);
  expect(text(r)).toContain(`is ${MAX_UPLOAD_BYTES + 1} bytes`);
  expect(text(r)).toContain(`more than the ${MAX_UPLOAD_BYTES} bytes`);
  expect(text(r)).toContain("path ");
  expect(requests.slice(before)).toEqual([]);
});

test("a task request the API refuses as too large points the agent at the upload_file tool", async () => {
  const r = (await mcp.client.callTool(
    { name: "create_image_task", arguments: { input: { model: "flux-2-dev", prompt: "x".repeat(2_000_000) }, wait: false } },
    undefined,
    { timeout: 60_000 },
  )) as any;
  expect(r.isError).toBe(true);
  expect(text(r)).toContain("pass media as URLs from the upload_file tool");
}, 60_000);
