// Arguments a prompt-injected agent sends to break the server or learn about the machine (audit
// s16-mcp L5, L3): deep nesting used to overflow the stack (-32603, no tool error), 1e309 was
// reported as "got null", a NUL in a path was echoed raw, an extra "__proto__" argument was
// silently taken, long paths came back whole, and a refusal named where an outside path leads
// (the server's cwd, its pid, a link's target). Real SDK client over stdio, real mock, real links.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { MockServer } from "@monet-ai/mock";
import { afterAll, beforeAll, expect, test } from "vitest";
import { argumentChecker, MAX_NESTING } from "../src/arguments.ts";
import { tools } from "../src/tools.ts";
import { markedPng, type Started, startLoggedMock, startMcp, text } from "./support.ts";

const tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "monet-mcp-hostile-args-")));
const root = path.join(tmp, "root");
const outside = path.join(tmp, "secret-place");
let mock: MockServer;
let requests: string[];
let mcp: Started;

beforeAll(async () => {
  for (const d of [root, outside]) fs.mkdirSync(d);
  fs.writeFileSync(path.join(outside, "key.png"), markedPng("outside"));
  fs.symlinkSync(path.join(outside, "key.png"), path.join(root, "key.png"));
  fs.symlinkSync(outside, path.join(root, "elsewhere"));
  ({ mock, requests } = await startLoggedMock());
  mcp = await startMcp({ roots: [root], cwd: outside, env: { MONET_BASE_URL: mock.url } });
}, 30_000);
afterAll(async () => {
  await mcp?.close();
  await mock?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function refused(name: string, args: Record<string, unknown>) {
  const before = requests.length;
  const r: any = await mcp.client.callTool({ name, arguments: args });
  expect(r.isError, text(r)).toBe(true);
  expect(requests.slice(before)).toEqual([]);
  return text(r);
}
/**
 * Calls a tool with `raw` (JSON text) in place of the string "RAW" in its arguments, through the
 * SDK client: its own JSON.stringify cannot write the nesting an injected agent's host passes on,
 * so the transport writes this one message's line as text.
 */
async function refusedRaw(name: string, args: Record<string, unknown>, raw: string) {
  const transport = (mcp.client as any)._transport;
  const send = transport.send.bind(transport);
  transport.send = async (message: any) => {
    if (message.method !== "tools/call") return send(message);
    transport.send = send;
    transport._process.stdin.write(`${JSON.stringify(message).replace('"RAW"', raw)}\n`);
  };
  return refused(name, args);
}
const deepObject = (n: number) => `${'{"a":'.repeat(n)}1${"}".repeat(n)}`;
const deepList = (n: number) => `${"[".repeat(n)}${"]".repeat(n)}`;

test("an input nested past any model's depth is a tool error naming input, not a stack overflow", async () => {
  expect(await refusedRaw("create_image_task", { input: "RAW", wait: false }, deepObject(5000))).toBe(
    `Invalid arguments for create_image_task: input is nested too deeply (more than ${MAX_NESTING} levels of objects and lists)`,
  );
  expect(await refusedRaw("create_image_task", { input: { model: "flux-2-dev", prompt: "x", extra: "RAW" }, wait: false }, deepList(50_000))).toMatch(
    /input is nested too deeply/,
  );
});

test("an extra __proto__ argument is refused like any unknown one", async () => {
  expect(await refused("list_tasks", JSON.parse('{"__proto__": {"page": 3}}'))).toMatch(/__proto__ is not an argument; the arguments are page, pageSize/);
});

test("a number too large to be finite is called that, not null", () => {
  const check = argumentChecker(tools().find((t) => t.name === "wait_for_task")!);
  expect(check({ taskId: "task_1", pollIntervalMs: Number.POSITIVE_INFINITY }).join("; ")).toMatch(
    /pollIntervalMs must be <= \d+ \(got Infinity, not a finite number\)/,
  );
});

test("a NUL in a path is named, never echoed raw; a long path is shortened", async () => {
  const nul = await refused("upload_file", { path: `${root}/a\u0000.png` });
  expect(nul).toMatch(/path contains a NUL character \(at position \d+\)/);
  expect(nul).not.toContain("\u0000");
  expect(await refused("run_pipeline", { file: `${root}/p\u0000.yaml`, dryRun: true })).toMatch(/file contains a NUL character/);
  const long = `${root}/${"d".repeat(5000)}.png`;
  const why = await refused("upload_file", { path: long });
  expect(why).toContain(`(${long.length} characters)`);
  expect(why.length).toBeLessThan(1500);
});

test("a refusal says a path leads outside, never where: not the server's cwd, its pid, or a link's target", async () => {
  for (const p of [`/proc/self/cwd/key.png`, `/proc/self/environ`, path.join(root, "key.png"), path.join(root, "elsewhere", "key.png")]) {
    const why = await refused("upload_file", { path: p });
    expect(why).toMatch(/leads \(through a link\) outside the folders upload_file may read/);
    expect(why).not.toContain(outside);
    expect(why).not.toMatch(/\/proc\/\d+/);
  }
  const run = await refused("run_pipeline", { file: path.join(root, "elsewhere", "p.yaml"), dryRun: true });
  expect(run).toMatch(/leads \(through a link\) outside the folders run_pipeline may use/);
  expect(run).not.toContain(outside);
});
