// The server's stderr lines (a warning about the client's roots, the MONET_LOG=debug log) reach the
// host's log, which a person reads in a terminal: a terminal sequence, a bidi override or a
// zero-width character in them, from a hostile client's roots or from an agent's argument, was
// written raw (only tool results were escaped). Each is now its \uXXXX escape, as in results.
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { startMcp } from "./support.ts";

const HOSTILE = "\u001b[2J\u001b]0;pwned\u0007\u009b31m \u202eevil\u200b\u0085\u2028";
// What must never be in a line the host's log prints: C0 (newline and tab aside), DEL, C1, bidi controls, zero-width ones, line separators.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2028\u2029\u2066-\u2069\ufeff]/;
const raw = (s: string) => [...s].filter((c) => RAW.test(c)).map((c) => `U+${c.codePointAt(0)!.toString(16).padStart(4, "0")}`);

let api: http.Server;
let apiUrl: string;

beforeAll(async () => {
  // An API that is always busy: a wait polls it again, and says so in the debug log.
  api = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      res.writeHead(503, { "content-type": "application/json", "retry-after": "1" });
      res.end(JSON.stringify({ error: { code: "busy", message: "busy" } }));
    });
  });
  await new Promise<void>((r) => api.listen(0, "127.0.0.1", r));
  apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
});
afterAll(async () => {
  api?.closeAllConnections();
  await new Promise((r) => api?.close(r));
});

// A hostile client's roots reach the warning on stderr two ways: a root's URI, and the message of a failing roots/list.
test.each([
  {
    what: "a client's roots with terminal sequences: the warnings on stderr escape them",
    listRoots: async () => ({ roots: [{ uri: `https://example.com/${HOSTILE}` }] }),
    warning: "skipped client root",
  },
  {
    what: "a roots/list that fails with terminal sequences in its message: the warning escapes them",
    listRoots: async (): Promise<never> => {
      throw new Error(`roots are unavailable ${HOSTILE}`);
    },
    warning: "roots/list failed",
  },
])(
  "$what",
  async ({ listRoots, warning }) => {
    const mcp = await startMcp({ env: { MONET_BASE_URL: apiUrl }, listRoots });
    try {
      await mcp.client.callTool({ name: "upload_file", arguments: { path: path.join("/", "tmp", "x.png") } });
      expect(mcp.stderr()).toContain(warning);
      expect(raw(mcp.stderr())).toEqual([]);
      expect(mcp.stderr()).toContain("\\u202e");
    } finally {
      await mcp.close();
    }
  },
  30_000,
);

test("an argument with a bidi override and a zero-width character: the debug log escapes them", async () => {
  // A task id may hold them (the spec refuses only control characters in it); a wait names it in the log.
  // The wait's bound is long, so a loaded machine cannot end it before its first retry is logged;
  // the call is abandoned once the line is there.
  const mcp = await startMcp({ env: { MONET_BASE_URL: apiUrl, MONET_LOG: "debug", MONET_MCP_MAX_WAIT: "60000" } });
  const stop = new AbortController();
  try {
    const call = mcp.client
      .callTool({ name: "wait_for_task", arguments: { taskId: "task_\u202eevil\u200b", pollIntervalMs: 1000 } }, undefined, {
        signal: stop.signal,
        timeout: 120_000,
      })
      .catch(() => undefined);
    await expect.poll(() => mcp.stderr(), { timeout: 25_000, interval: 100 }).toMatch(/retrying wait task_/);
    stop.abort();
    await call;
    expect(raw(mcp.stderr())).toEqual([]);
    expect(mcp.stderr()).toContain("task_\\u202eevil\\u200b");
  } finally {
    await mcp.close();
  }
}, 60_000);
