// What an agent pays to read the server: results' text is the structured content as compact JSON
// (no indentation), and the media-URL rule appears once per create tool (a `$defs` entry each
// media field refers to with `$ref`), not once per media field of every model. The schemas stay
// valid JSON Schema 2020-12 for a strict validator, the SDK client takes them, and the server still
// refuses a bad URL through the `$ref`.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { MockServer } from "@monet-ai/mock";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { afterAll, beforeAll, expect, test } from "vitest";
import { spec } from "../../../test/support/spec.ts";
import { type Started, startLoggedMock, startMcp } from "./support.ts";

// Today's rules, read from the spec: a rule changed there changes these expectations with it.
const PAGE_SIZE_MAX: number = spec.components.parameters.PageSize.schema.maximum;

const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv2020) => Ajv2020;
const folder = fs.mkdtempSync(path.join(os.tmpdir(), "monet-mcp-cost-"));
let mock: MockServer;
let requests: string[];
let mcp: Started;

beforeAll(async () => {
  ({ mock, requests } = await startLoggedMock());
  mcp = await startMcp({ env: { MONET_BASE_URL: mock.url, MONET_MCP_ROOTS: folder } });
}, 30_000);
afterAll(async () => {
  await mcp?.close();
  await mock?.close();
  fs.rmSync(folder, { recursive: true, force: true });
});

test("every result's text is its structured content as compact JSON", async () => {
  for (const [name, args] of [
    ["list_models", {}],
    ["describe_model", { model: "wan-2-5" }],
    ["list_tasks", { pageSize: PAGE_SIZE_MAX }],
  ] as const) {
    const r: any = await mcp.client.callTool({ name, arguments: args });
    expect(r.isError, name).toBeFalsy();
    expect(r.content[0].text, name).toBe(JSON.stringify(r.structuredContent));
  }
  const resource = (await mcp.client.readResource({ uri: "monet://models" })).contents[0] as { text: string };
  expect(resource.text).toBe(JSON.stringify(JSON.parse(resource.text)));
});

test("the media-URL rule is written once per create tool, as $defs + $ref, and a strict 2020-12 validator resolves it", async () => {
  const { tools } = await mcp.client.listTools();
  const creates = tools.filter((t) => /^create_\w+_task$/.test(t.name));
  const patterns = JSON.stringify(tools).match(/"pattern":"\^https\?/g) ?? [];
  expect(patterns.length).toBeLessThanOrEqual(creates.length);
  const ajv = addFormats(new Ajv2020({ strict: true, allErrors: true }));
  const video = creates.find((t) => t.name === "create_video_task")!;
  const validate = ajv.compile(video.inputSchema);
  const input = (images: string[]) => ({ input: { model: "sora-2", prompt: "a cat", images } });
  expect(validate(input(["https://files.example/cat.png"])), JSON.stringify(validate.errors)).toBe(true);
  expect(validate(input(["file:///etc/passwd"]))).toBe(false);
  for (const t of tools) ajv.compile(t.inputSchema);
  // The server checks arguments against the same schemas ($ref resolved): a bad URL is refused
  // before anything is sent, a good one goes through.
  const before = requests.length;
  const bad: any = await mcp.client.callTool({ name: "create_video_task", arguments: input(["file:///etc/passwd"]) });
  expect(bad.isError).toBe(true);
  expect(bad.content[0].text).toContain("input.images[0]");
  expect(requests.slice(before)).toEqual([]);
  const good: any = await mcp.client.callTool({ name: "create_video_task", arguments: { ...input([`${mock.url}/cat.png`]), wait: false } });
  expect(good.isError, good.content[0].text).toBeFalsy();
  expect(good.structuredContent.id).toMatch(/^task_/);
});

// The README's "Token cost" figures of today are the sizes sent (within 3%: a model more or less moves
// them a little; a change of how results are written, or figures left stale, does not pass).
test("the README's token-cost figures are the sizes the server sends today", async () => {
  const readme = fs.readFileSync(path.join(import.meta.dirname, "../README.md"), "utf8").replace(/\s+/g, " ");
  const num = (s: string) => Number(s.replace(/,/g, ""));
  const stated = (re: RegExp) => {
    const m = re.exec(readme);
    expect(m, `README states ${re}`).toBeTruthy();
    return m!.slice(1).map(num);
  };
  const near = (measured: number, figure: number, what: string) =>
    expect(Math.abs(measured - figure) / figure, `${what}: measured ${measured}, README says ${figure}`).toBeLessThanOrEqual(0.03);

  const [toolsList] = stated(/today: `tools\/list` is ([\d,]+) characters/);
  near(JSON.stringify(await mcp.client.listTools()).length, toolsList, "tools/list");
  for (const [name, args, re] of [
    ["list_models", {}, /today: .*?`list_models \{\}` ([\d,]+) \+ ([\d,]+)/],
    ["describe_model", { model: "wan-2-5" }, /today: .*?`describe_model wan-2-5` ([\d,]+) \+ ([\d,]+)/],
  ] as const) {
    const [text, structured] = stated(re);
    const r: any = await mcp.client.callTool({ name, arguments: args });
    near(r.content[0].text.length, text, `${name} text`);
    near(JSON.stringify(r.structuredContent).length, structured, `${name} structured`);
  }
});
