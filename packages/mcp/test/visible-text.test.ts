// Terminal sequences, bidi overrides and zero-width characters never reach the agent's host raw:
// in an API's error text, in a task's own text, or in the echo of the agent's own arguments (an
// unknown argument's name, a model id, a path, a file name), each is written as its \uXXXX escape.
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type Started, startMcp, text } from "./support.ts";

const HOSTILE = "\u001b[2J\u001b]0;pwned\u0007\u001b[31mRED\u001b[0m \u202eevil\u200b\u0085\u2028";
// What must never be in a text the agent's host prints: C0 (newline and tab aside), DEL, C1, bidi controls, zero-width ones, line separators.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2028\u2029\u2066-\u2069\ufeff]/;

const tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "monet-mcp-visible-")));
let api: http.Server;
let mcp: Started;

beforeAll(async () => {
  fs.writeFileSync(path.join(tmp, "inv\u202eoice-gnp.txt"), "x");
  api = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { code: "internal", message: `boom ${HOSTILE}` } }));
    });
  });
  await new Promise<void>((r) => api.listen(0, "127.0.0.1", r));
  mcp = await startMcp({ env: { MONET_BASE_URL: `http://127.0.0.1:${(api.address() as AddressInfo).port}`, MONET_MCP_ROOTS: tmp } });
}, 30_000);
afterAll(async () => {
  await mcp?.close();
  api?.closeAllConnections();
  await new Promise((r) => api?.close(r));
  fs.rmSync(tmp, { recursive: true, force: true });
});

const call = (name: string, args: Record<string, unknown>) => mcp.client.callTool({ name, arguments: args }) as Promise<any>;

describe("every text the agent's host prints is free of raw control, bidi and zero-width characters", () => {
  test("an API error's text", async () => {
    const r = await call("list_tasks", { pageSize: 1 });
    expect(r.isError).toBe(true);
    expect(text(r)).not.toMatch(RAW);
    // The client takes terminal sequences and other controls out of an error's message (its F7,
    // whole sequences: the OSC title's text too) and escapes its format characters (\u202e); the
    // server quotes that message as a JSON string (the API's words, as data), and escapes here what
    // is left that does not show.
    expect(text(r)).toContain(JSON.stringify("boom RED \\u202eevil\\u200b").slice(1, -1));
    expect(text(r)).toContain("\\u2028");
    expect(text(r)).not.toContain("pwned");
  }, 30_000);

  test("an unknown argument's name", async () => {
    const r = await call("list_models", { "type\u001b]52;c;SGVsbG8=\u0007\u001b[2J": "video" });
    expect(r.isError).toBe(true);
    expect(text(r)).not.toMatch(RAW);
    expect(text(r)).toContain("type\\u001b]52;c;SGVsbG8=\\u0007");
  });

  test("a model id, a path and a file name echoed back", async () => {
    for (const [name, args] of [
      ["describe_model", { model: "sora-2\u202e\u200b" }],
      ["upload_file", { path: path.join(tmp, "inv\u202eoice-gnp.txt") }],
      ["upload_file", { path: "/nonexistent/x\u202e\u2066.png" }],
    ] as const) {
      const r = await call(name, args);
      expect(r.isError, name).toBe(true);
      expect(text(r), name).not.toMatch(RAW);
      expect(text(r), name).toMatch(/\\u202e/);
    }
  });

  test("a successful result's JSON still decodes to the same value", async () => {
    const r = await call("list_models", { provider: "OpenAI" });
    expect(r.isError).toBeFalsy();
    expect(JSON.parse(text(r))).toEqual(r.structuredContent);
  });
});
