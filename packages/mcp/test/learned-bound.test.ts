// The bound a client's cancels teach the server (audit s16-mcp M1). One cancelled wait (a user's
// Stop) used to cut every later call's bound to 1 s for the rest of the session, uploads too, with
// a message blaming MONET_MCP_MAX_WAIT. Now only waits cancelled twice at about the same time (a
// client's request timeout) lower the bound of later calls, never upload_file's, and a message
// under a lowered bound says so. Driven by the SDK client over stdio; the API is the mock behind a
// loopback proxy that answers each request `delay` ms late.
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import type { MockServer } from "@monet-ai/mock";
import { afterAll, beforeAll, expect, test } from "vitest";
import { markedPng, type Started, startLoggedMock, startMcp, text } from "./support.ts";

const MAX_WAIT = 6_000;
/** The client's request timeout in these tests: well under the bound. */
const SHORT = 2_500;
/** How late the proxy answers once the cancels are done: more than half of SHORT (the learned bound), far less than MAX_WAIT. */
const SLOW = 1_800;
/** Past the cancels (SHORT) by more than a fifth, under MAX_WAIT: a client that waited this long has a longer timeout. */
const OUTLASTS = 3_600;
const video = { input: { model: "wan-2-5", prompt: "a slow orbit", duration: 10, resolution: "1080p" } };

let mock: MockServer;
let proxy: http.Server;
let url: string;
let delay = 0;
const tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "monet-mcp-bound-")));
const servers: Started[] = [];

beforeAll(async () => {
  // Tasks that outlast every wait here.
  ({ mock } = await startLoggedMock({ taskDuration: 3_600_000 }));
  const target = new URL(mock.url);
  proxy = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", async () => {
      await new Promise((r) => setTimeout(r, delay));
      const out = http.request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      out.on("error", () => res.destroy());
      res.on("close", () => out.destroy());
      out.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((r) => proxy.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  fs.writeFileSync(path.join(tmp, "cat.png"), markedPng("cat"));
}, 30_000);
afterAll(async () => {
  for (const s of servers) await s.close();
  proxy?.closeAllConnections();
  await new Promise((r) => proxy?.close(r));
  await mock?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const start = async () => {
  delay = 0;
  const s = await startMcp({ env: { MONET_BASE_URL: url, MONET_MCP_MAX_WAIT: String(MAX_WAIT), MONET_MCP_ROOTS: tmp } });
  servers.push(s);
  return s;
};
/** A create_video_task wait the client gives up on after SHORT ms (its request timeout), as a host does. */
const timedOutWait = (mcp: Started) =>
  expect(mcp.client.callTool({ name: "create_video_task", arguments: video }, undefined, { timeout: SHORT })).rejects.toThrow(/timed out/i);

test("one cancelled wait (a user's Stop) leaves every later call its whole bound, uploads too", async () => {
  const mcp = await start();
  await timedOutWait(mcp);
  delay = SLOW;
  const listed: any = await mcp.client.callTool({ name: "list_tasks", arguments: { pageSize: 1 } });
  expect(text(listed)).not.toMatch(/No answer/);
  expect(listed.isError).toBeFalsy();
  const uploaded: any = await mcp.client.callTool({ name: "upload_file", arguments: { path: path.join(tmp, "cat.png") } });
  expect(text(uploaded)).not.toMatch(/stopped/);
  expect(uploaded.structuredContent.url).toMatch(/^http/);
}, 60_000);

test("waits cancelled twice at the same time lower later bounds, the message says why and how long it holds; upload_file keeps its own", async () => {
  const mcp = await start();
  await timedOutWait(mcp);
  await timedOutWait(mcp);
  delay = SLOW;
  const listed: any = await mcp.client.callTool({ name: "list_tasks", arguments: { pageSize: 1 } });
  expect(listed.isError).toBe(true);
  expect(text(listed)).toMatch(/lowered from MONET_MCP_MAX_WAIT's 6000 ms because the MCP client cancelled waits after \d+ and \d+ ms/);
  expect(text(listed)).toMatch(/holds for 10 minutes/);
  // An upload is not a wait: the API's slow answer still comes inside MONET_MCP_MAX_WAIT.
  const uploaded: any = await mcp.client.callTool({ name: "upload_file", arguments: { path: path.join(tmp, "cat.png") } });
  expect(uploaded.isError).toBeFalsy();
  expect(uploaded.structuredContent.url).toMatch(/^http/);
}, 60_000);

test("a call the client waits out past those cancels lifts the lowered bound (audit s23-mcp M2)", async () => {
  const mcp = await start();
  await timedOutWait(mcp);
  await timedOutWait(mcp);
  // An upload (held to MONET_MCP_MAX_WAIT, not the lowered bound) answered uncancelled well after the cancels.
  delay = OUTLASTS;
  const uploaded: any = await mcp.client.callTool({ name: "upload_file", arguments: { path: path.join(tmp, "cat.png") } }, undefined, { timeout: 20_000 });
  expect(uploaded.isError).toBeFalsy();
  // The same slow read the lowered bound (about SHORT / 2) refuses now gets MONET_MCP_MAX_WAIT.
  delay = SLOW;
  const listed: any = await mcp.client.callTool({ name: "list_tasks", arguments: { pageSize: 1 } });
  expect(text(listed)).not.toMatch(/No answer|lowered/);
  expect(listed.isError).toBeFalsy();
}, 60_000);
