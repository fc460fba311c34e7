// A file: URL where a path goes (audit s23-mcp L1). Roots reach the agent as file:// URIs and it
// passes them on; upload_file answered "path must be absolute ... ~ not expanded", which sends it
// to the wrong fix. Now the refusal says it is a file: URL and gives the path it names (never read,
// nothing sent). Driven by the SDK client over stdio against the built server.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, expect, test } from "vitest";
import { markedPng, type Started, startMcp, text } from "./support.ts";

const tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "monet-mcp-file-url-")));
const png = path.join(tmp, "cat.png");
let mcp: Started;

beforeAll(async () => {
  fs.writeFileSync(png, markedPng("cat"));
  fs.writeFileSync(path.join(tmp, "p.yaml"), "name: p\n");
  // No API behind it: a refusal must come before any request.
  mcp = await startMcp({ env: { MONET_MCP_ROOTS: tmp, MONET_BASE_URL: "http://127.0.0.1:9" } });
}, 30_000);
afterAll(async () => {
  await mcp?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

test("upload_file with a file: URL says so and gives the path it names", async () => {
  const r: any = await mcp.client.callTool({ name: "upload_file", arguments: { path: pathToFileURL(png).href } });
  expect(r.isError).toBe(true);
  expect(text(r)).toBe(
    `upload_file refused: path "${pathToFileURL(png).href}" is a file: URL, not a path: give the path it names, "${png}" instead (it is checked like any path).`,
  );
});

test("another host's file: URL names no local path: the refusal asks for the file's absolute path", async () => {
  const r: any = await mcp.client.callTool({ name: "upload_file", arguments: { path: "file://fileserver/share/cat.png" } });
  expect(r.isError).toBe(true);
  expect(text(r)).toContain(`is a file: URL, not a path: give the file's absolute path instead`);
});

test("run_pipeline's file as a file: URL is said the same way", async () => {
  const r: any = await mcp.client.callTool({
    name: "run_pipeline",
    arguments: { file: pathToFileURL(path.join(tmp, "p.yaml")).href, outDir: tmp, dryRun: true },
  });
  expect(r.isError).toBe(true);
  expect(text(r)).toContain(
    `file "${pathToFileURL(path.join(tmp, "p.yaml")).href}" is a file: URL, not a path: give the path it names, "${path.join(tmp, "p.yaml")}"`,
  );
});
