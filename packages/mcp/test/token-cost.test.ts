// What an agent pays to read the server: tools/list is sent to the model on every turn, so it is
// bounded; a create tool names its models but not their fields (one model's schema is one
// describe_model call away), and results' text is the structured content as compact JSON. The
// schemas stay valid JSON Schema 2020-12 for a strict validator, and the server still refuses a
// bad input by its model's full schema before anything is sent.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { MockServer } from "@monet-ai/mock";
import { listModels, type ModelType } from "@monet-ai/models";
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

/**
 * The most characters tools/list may take: 26,646 today (it was 82,996 when every model's schema
 * was in it), with room for models to come (each adds a line and an id, about 115 characters).
 */
const TOOLS_LIST_BOUND = 32_000;
/** The most characters a create tool may grow by per model: its line and its id, never its fields. */
const PER_MODEL_BOUND = 200;

test("tools/list stays affordable: bounded in all, and a model adds its line and id to its create tool, not its fields", async () => {
  const listed = await mcp.client.listTools();
  const size = JSON.stringify(listed).length;
  expect(size, `tools/list is ${size} characters`).toBeLessThanOrEqual(TOOLS_LIST_BOUND);
  const creates = listed.tools.filter((t) => /^create_\w+_task$/.test(t.name));
  const sizes = creates
    .map((t) => ({ name: t.name, chars: JSON.stringify(t).length, models: listModels({ type: t.name.split("_")[1] as ModelType }).length }))
    .sort((a, b) => a.models - b.models);
  const [few, many] = [sizes[0], sizes[sizes.length - 1]];
  const perModel = (many.chars - few.chars) / (many.models - few.models);
  expect(perModel, `${many.name} vs ${few.name}: ${perModel} characters per model`).toBeLessThanOrEqual(PER_MODEL_BOUND);
  // No model's field is spelled out in tools/list: only the one every input has, model.
  for (const t of creates) expect(Object.keys((t.inputSchema.properties as any).input.properties), t.name).toEqual(["model"]);
  const fields = new Set(listModels().flatMap((m) => m.fields.map((f) => f.name)));
  expect([...fields].filter((f) => JSON.stringify(creates).includes(`"${f}"`))).toEqual([]);
  expect(JSON.stringify(listed)).not.toMatch(/"pattern":"\^https\?/);
});

test("the agent learns a model's fields, values and bounds from describe_model, and a bad input is refused by them before anything is sent", async () => {
  const ajv = addFormats(new Ajv2020({ strict: true, allErrors: true }));
  const { tools } = await mcp.client.listTools();
  for (const t of tools) ajv.compile(t.inputSchema);
  const described: any = await mcp.client.callTool({ name: "describe_model", arguments: { model: "sora-2" } });
  const [sora] = described.structuredContent.models;
  // The spec's rules for sora-2: every field with its values and bounds, and a strict schema of them.
  const specSora = spec.components.schemas.VideoSora2Input;
  expect(sora.fields.map((f: any) => f.name).sort()).toEqual(
    Object.keys(specSora.properties)
      .filter((k) => k !== "model")
      .sort(),
  );
  expect(sora.fields.find((f: any) => f.name === "duration")).toMatchObject({
    enum: specSora.properties.duration.enum,
    default: specSora.properties.duration.default,
  });
  const validate = ajv.compile(sora.inputSchema);
  const input = (images: string[]) => ({ model: "sora-2", prompt: "a cat", images });
  expect(validate(input(["https://files.example/cat.png"])), JSON.stringify(validate.errors)).toBe(true);
  expect(validate(input(["file:///etc/passwd"]))).toBe(false);
  expect(validate(sora.example), JSON.stringify(validate.errors)).toBe(true);
  // The server checks by the same rules: a bad URL, a value not allowed and a field the model does
  // not take are refused, naming them and what is allowed, before anything is sent; a good one goes.
  const before = requests.length;
  for (const [bad, says] of [
    [input(["file:///etc/passwd"]), "input.images[0]"],
    [{ ...input([]), duration: 12 }, `input.duration must be one of ${specSora.properties.duration.enum.join(", ")}`],
    [{ model: "sora-2", prompt: "a cat", image: "https://files.example/cat.png" }, "input.image is not a field of sora-2 (did you mean images?)"],
  ] as const) {
    const r: any = await mcp.client.callTool({ name: "create_video_task", arguments: { input: bad } });
    expect(r.isError, JSON.stringify(bad)).toBe(true);
    expect(r.content[0].text).toContain(says);
  }
  expect(requests.slice(before)).toEqual([]);
  const good: any = await mcp.client.callTool({ name: "create_video_task", arguments: { input: input([`${mock.url}/cat.png`]), wait: false } });
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
