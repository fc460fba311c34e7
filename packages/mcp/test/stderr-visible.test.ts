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
let requests = 0;

beforeAll(async () => {
  // An API that is always busy: a wait polls it again, and says so in the debug log.
  api = http.createServer((req, res) => {
    requests++;
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

test("an argument with a bidi override and a zero-width character: refused before any request, named escaped, and the debug log has neither raw", async () => {
  // A task id holding them (task_<U+202E>gpj.exe shows as task_exe.jpg) is one no call follows: the
  // client refuses it as it refuses a control character, so no wait (and no log line of one) starts.
  const mcp = await startMcp({ env: { MONET_BASE_URL: apiUrl, MONET_LOG: "debug" } });
  const before = requests;
  try {
    const r = (await mcp.client.callTool({ name: "wait_for_task", arguments: { taskId: "task_\u202eevil\u200b", pollIntervalMs: 1000 } })) as any;
    expect(r.isError).toBe(true);
    const text = r.content.map((c: { text?: string }) => c.text ?? "").join("\n");
    expect(text).toContain("taskId");
    expect(text).toContain("task_\\u202eevil\\u200b");
    expect(raw(text)).toEqual([]);
    expect(requests).toBe(before);
    expect(raw(mcp.stderr())).toEqual([]);
  } finally {
    await mcp.close();
  }
}, 60_000);
