// How to allow a folder, as a refusal says it: under client roots only the client's roots help
// (MONET_MCP_ROOTS never stands in for them), so the advice names only them; without client
// roots it names MONET_MCP_ROOTS too.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, expect, test } from "vitest";
import { startMcp, text } from "./support.ts";

const tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "monet-mcp-advice-")));
const allowed = path.join(tmp, "allowed");
const home = path.join(tmp, "home");
for (const d of [allowed, home]) fs.mkdirSync(d);
fs.writeFileSync(path.join(home, "a.png"), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const refusal = async (opts: Parameters<typeof startMcp>[0]) => {
  const mcp = await startMcp(opts);
  try {
    const r = (await mcp.client.callTool({ name: "upload_file", arguments: { path: path.join(home, "a.png") } })) as any;
    expect(r.isError).toBe(true);
    return text(r);
  } finally {
    await mcp.close();
  }
};

test("under client roots (usable or not), the advice names the client's roots, never MONET_MCP_ROOTS as a fix", async () => {
  const env = { MONET_MCP_ROOTS: home, MONET_BASE_URL: "http://127.0.0.1:9" };
  for (const said of [await refusal({ roots: [allowed], env }), await refusal({ env, listRoots: async () => Promise.reject(new Error("no roots today")) })]) {
    expect(said).toContain("adding it to your MCP client's roots");
    expect(said).not.toContain("set MONET_MCP_ROOTS");
    expect(said).toContain("MONET_MCP_ROOTS does not apply");
  }
}, 30_000);

test("without client roots, the advice names MONET_MCP_ROOTS", async () => {
  const said = await refusal({ env: { MONET_MCP_ROOTS: allowed, MONET_BASE_URL: "http://127.0.0.1:9" } });
  expect(said).toContain("set MONET_MCP_ROOTS to its absolute path");
}, 30_000);
