// The server's own settings: a MONET_MCP_MAX_WAIT past what Node's timers hold or a
// MONET_POLL_INTERVAL that is no whole number in range is said on stderr at start, naming the
// variable and the range, and the default is used (before, 2^31 ms made every call fail at once
// and "5s" was dropped silently); a bad MONET_BASE_URL is named as the server's variable, not as
// the agent's argument; plain http:// to a host that is not local is refused unless opted in.
import type { MockServer } from "@monet-ai/mock";
import { afterAll, beforeAll, expect, test } from "vitest";
import { checkBaseUrl } from "../src/env-settings.ts";
import { startLoggedMock, startMcp, text } from "./support.ts";

let mock: MockServer;
beforeAll(async () => {
  ({ mock } = await startLoggedMock());
}, 30_000);
afterAll(() => mock?.close());

test("a wait past 2^31-1 ms and a poll interval that is not a number are refused on stderr with their ranges; calls still work", async () => {
  const mcp = await startMcp({ env: { MONET_BASE_URL: mock.url, MONET_MCP_MAX_WAIT: "3000000000", MONET_POLL_INTERVAL: "5s" } });
  try {
    const r = (await mcp.client.callTool({ name: "list_tasks", arguments: {} })) as any;
    expect(r.isError, text(r)).toBeFalsy();
    expect(mcp.stderr()).toContain("MONET_MCP_MAX_WAIT must be a whole number of ms from 1000 to 2147483647");
    expect(mcp.stderr()).toContain("MONET_POLL_INTERVAL must be a whole number of ms from 1000 to 60000");
    expect(mcp.stderr()).not.toContain("TimeoutOverflowWarning");
  } finally {
    await mcp.close();
  }
}, 30_000);

test("a MONET_BASE_URL ending in the API's root is named as the server's variable, on stderr and in the tool's answer", async () => {
  const mcp = await startMcp({ env: { MONET_BASE_URL: `${mock.url}/api/v1` } });
  try {
    const r = (await mcp.client.callTool({ name: "list_tasks", arguments: {} })) as any;
    expect(r.isError).toBe(true);
    expect(text(r)).toContain("The server's MONET_BASE_URL must be the address without /api/v1");
    expect(text(r)).toContain("fix it in the MCP server's env");
    expect(text(r)).not.toContain("Invalid arguments");
    expect(mcp.stderr()).toContain("MONET_BASE_URL must be");
  } finally {
    await mcp.close();
  }
}, 30_000);

test("plain http:// is accepted for a local host, refused for another unless MONET_MCP_ALLOW_HTTP=1", () => {
  expect(checkBaseUrl("http://127.0.0.1:4020", undefined)).toEqual({});
  expect(checkBaseUrl("https://monet.vision", undefined)).toEqual({});
  expect(checkBaseUrl("http://monet.vision", undefined).problem).toMatch(/clear text.*MONET_MCP_ALLOW_HTTP=1/);
  expect(checkBaseUrl("http://monet.vision", "1")).toEqual({});
  expect(checkBaseUrl("127.0.0.1:4020", undefined).problem).toContain("The server's MONET_BASE_URL must be an http(s) URL such as http://127.0.0.1:4020");
});
