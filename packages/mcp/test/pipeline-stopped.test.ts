// A run that cannot work at all (the key refused) reaches the agent with why and what to do as
// fields it can branch on, not only as a sentence: status "stopped", the reason, the summary, the
// manifest written and the next step. A server that refuses every key stands in for the API.
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { KEY, type Started, startMcp, text } from "./support.ts";

const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "monet-mcp-stopped-")));
const PIPELINE = `name: refused
concurrency: 1
items:
  - { product: red sneaker }
  - { product: blue backpack }
steps:
  still:
    foreach: items
    type: image
    input: { model: flux-2-dev, prompt: "Studio photo of a \${{ item.product }}" }
`;
let api: http.Server;
let mcp: Started;
let creates = 0;

beforeAll(async () => {
  fs.writeFileSync(path.join(root, "p.yaml"), PIPELINE);
  api = http.createServer((req, res) => {
    if (req.method === "POST") creates++;
    req.resume();
    // The key echoed back too: it must not reach the agent in any field.
    res.writeHead(401, { "content-type": "application/json" }).end(JSON.stringify({ error: { code: "unauthorized", message: `Invalid API key ${KEY}` } }));
  });
  await new Promise<void>((r) => api.listen(0, "127.0.0.1", r));
  mcp = await startMcp({ roots: [root], env: { MONET_BASE_URL: `http://127.0.0.1:${(api.address() as AddressInfo).port}` } });
}, 60_000);
afterAll(async () => {
  await mcp?.close();
  await new Promise((r) => api?.close(r));
  fs.rmSync(root, { recursive: true, force: true });
});

test("a refused key stops the run: an error whose content says stopped, auth, the manifest and the next call", async () => {
  const outDir = path.join(root, "out");
  const r = (await mcp.client.callTool({ name: "run_pipeline", arguments: { file: path.join(root, "p.yaml"), outDir } }, undefined, {
    timeout: 60_000,
  })) as any;
  expect(r.isError, text(r)).toBe(true);
  expect(text(r)).toContain("stopped");
  expect(r.structuredContent).toMatchObject({ status: "stopped", reason: "auth", summary: { total: 2 } });
  expect(r.structuredContent.next).toContain("call run_pipeline again with the same file and outDir");
  expect(fs.existsSync(r.structuredContent.manifest), r.structuredContent.manifest).toBe(true);
  expect(JSON.stringify(r)).not.toContain(KEY);
  // Stopped at the first refusal: the second item (one task at a time) was never sent.
  expect(creates).toBe(1);
});
