// A key a lying API echoes back hidden from a plain search, through the real SDK client over
// stdio: split by default-ignorable characters outside Cc/Cf (U+034F, U+FE0F) or a Hangul filler
// (U+3164), which all show as nothing; or split by zero-width spaces inside an answer the client
// quotes cut short, so the whole key is never there to match.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, test } from "vitest";
import { KEY, type Started, startMcp, text } from "./support.ts";

let listed: unknown;
let api: http.Server;
let mcp: Started;

beforeAll(async () => {
  api = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      const body = req.url?.startsWith("/api/v1/tasks/list")
        ? listed
        : req.url?.endsWith("/key-runs")
          ? { id: "key-runs", status: "failed", type: "image", created_at: "2026-01-01T00:00:00Z", error: { code: "x", message: keyRuns } }
          : {
              id: "hidden-key",
              status: "failed",
              type: "image",
              created_at: "2026-01-01T00:00:00Z",
              error: { code: "x", message: `bad key ${[...KEY].join("\u034f")} ${[...KEY].join("\ufe0f")} ${[...KEY].join("\u3164")}` },
            };
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    });
  });
  await new Promise<void>((r) => api.listen(0, "127.0.0.1", r));
  mcp = await startMcp({ env: { MONET_BASE_URL: `http://127.0.0.1:${(api.address() as AddressInfo).port}`, MONET_MCP_MAX_WAIT: "4000" } });
}, 30_000);
afterAll(async () => {
  await mcp?.close();
  await new Promise((r) => api?.close(r));
});

// Audit s19-cli F1: the key without its public start, a middle run, `_` as %5F (15 of 29 is half).
const keyRuns = `suffix=${KEY.slice(6)} mid=${KEY.slice(2, 18)} pct=${KEY.replaceAll("_", "%5F")} hint=${KEY.slice(-10)}`;

const call = (name: string, args: Record<string, unknown>) => mcp.client.callTool({ name, arguments: args }, undefined, { timeout: 60_000 }) as Promise<any>;

test("a key hidden by U+034F, U+FE0F or U+3164 between its characters is redacted", async () => {
  const r = await call("get_task", { taskId: "hidden-key" });
  const shown = text(r).replace(/[\p{Default_Ignorable_Code_Point}\u3164]/gu, "");
  expect(shown).not.toContain(KEY);
  expect(shown).toContain("[redacted]");
});

// A quote cut short to 15 or more of the key's 29 characters (half, rounded up) is the key (the client's secret.ts).
test("a zero-width-split key in an answer the client quotes cut short shows none of its first 15+ characters", async () => {
  for (let pad = 0; pad < 40; pad += 4) {
    listed = { id: "x".repeat(pad) + [...KEY].join("\u200b") };
    const shown = text(await call("list_tasks", {})).replace(/\u200b/g, "");
    expect(shown).not.toContain(KEY.slice(0, 15));
  }
}, 60_000);

test("an answer quoting the key without its start, a middle run of it or `_` as %5F shows none of it", async () => {
  const shown = text(await call("get_task", { taskId: "key-runs" }));
  for (const form of ["suffix=", "mid=", "pct="]) expect(shown).toContain(`${form}[redacted]`);
  expect(shown).toContain(`hint=${KEY.slice(-10)}`);
  for (const run of [KEY.slice(6), KEY.slice(2, 18), "%5Ftest"]) expect(shown).not.toContain(run);
});
