// The MCP server over stdio, driven by the official SDK client against the stateful mock: the
// tools an agent sees (names, schemas, annotations, structured results), the model resources,
// and a task created, streamed and read back.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { MockServer } from "@monet-ai/mock";
import { afterAll, beforeAll, expect, test } from "vitest";
import { readSeedApi, readSeedModels, repoRoot } from "../../../test/support/seed.ts";
import { json, type Started, startLoggedMock, startMcp } from "./support.ts";

const seed = readSeedModels();
const reference = readSeedApi();
const spec = JSON.parse(fs.readFileSync(path.join(repoRoot, "openapi/dist/openapi.json"), "utf8"));
// Today's rules, read from the spec: a rule changed there changes these expectations with it.
const SORA_DURATION: number[] = spec.components.schemas.VideoSora2Input.properties.duration.enum;
const SORA_DEFAULT: number = spec.components.schemas.VideoSora2Input.properties.duration.default;
const PAGE_SIZE_MAX: number = spec.components.parameters.PageSize.schema.maximum;
let mock: MockServer;
let mcp: Started;
let requests: string[];
const folder = fs.mkdtempSync(path.join(os.tmpdir(), "monet-mcp-"));

beforeAll(async () => {
  // Tasks take 1.5 s: long enough for the server's once-a-second progress to show, however loaded the machine.
  ({ mock, requests } = await startLoggedMock({ taskDuration: 1500 }));
  mcp = await startMcp({ env: { MONET_BASE_URL: mock.url, MONET_MCP_ROOTS: folder } });
}, 30_000);
afterAll(async () => {
  await mcp?.close();
  await mock?.close();
  fs.rmSync(folder, { recursive: true, force: true });
});

test("each type's create tool names every model of the seed and describe_model gives each one's schema; titles say 'an image'", async () => {
  const { tools } = await mcp.client.listTools();
  expect(tools.map((t) => t.name).sort()).toEqual([
    "create_image_task",
    "create_music_task",
    "create_video_task",
    "describe_model",
    "get_task",
    "list_models",
    "list_tasks",
    "run_pipeline",
    "upload_file",
    "wait_for_task",
  ]);
  for (const type of ["video", "image", "music"]) {
    const tool = tools.find((t) => t.name === `create_${type}_task`)!;
    const ids = seed.filter((m) => m.type === type).map((m) => m.id);
    for (const id of ids) expect(tool.description).toContain(`- ${id}:`);
    expect((tool.inputSchema.properties as any).input.properties.model.enum.sort()).toEqual([...ids].sort());
    // Each model's own schema is one describe_model away (advertised-schema.ts: not in tools/list).
    for (const id of ids.slice(0, 2)) {
      const described: any = await mcp.client.callTool({ name: "describe_model", arguments: { model: id, type } });
      expect(described.structuredContent.models[0].inputSchema.properties.model.enum, id).toEqual([id]);
    }
  }
  const image = tools.find((t) => t.name === "create_image_task")!;
  expect(image.title).toBe("Create an image generation task");
  expect(image.description).toMatch(/^Create an image generation task/);
  expect(tools.find((t) => t.name === "create_video_task")!.title).toBe("Create a video generation task");
  expect(tools.filter((t) => /\ba (image|audio|input|upload|error|id)\b/i.test(`${t.title} ${t.description}`)).map((t) => t.name)).toEqual([]);
});

test("every argument is named as the API names it (camelCase, as taskId and pageSize), and the bounds are the spec's", async () => {
  const { tools } = await mcp.client.listTools();
  const names = tools.flatMap((t) => Object.keys(t.inputSchema.properties ?? {}));
  expect(names.filter((n) => !/^[a-z]+([A-Z][a-z]+)*$/.test(n))).toEqual([]);
  const props = (name: string) => tools.find((t) => t.name === name)!.inputSchema.properties as Record<string, any>;
  // The reference's own names: the path parameter of GET /api/v1/tasks/{taskId}, the list's query.
  const op = (method: string, p: string) => reference.operations.find((o) => o.method === method && o.path === p)!;
  const pathParam = /\{(\w+)\}/.exec(op("GET", "/api/v1/tasks/{taskId}").path)![1];
  expect(Object.keys(props("get_task"))).toEqual([pathParam]);
  expect(Object.keys(props("wait_for_task"))).toEqual([pathParam, "pollIntervalMs"]);
  expect(Object.keys(props("list_tasks"))).toEqual(op("GET", "/api/v1/tasks/list").query);
  expect(props("wait_for_task").pollIntervalMs.default).toBe(reference.pollIntervalSeconds * 1000);
  expect(Object.keys(props("create_video_task"))).toEqual(["input", "wait", "idempotencyKey"]);
  // The API's own parameter names and bounds (spec: components.parameters).
  const param = (n: string) => spec.components.parameters[n];
  expect(param("TaskId").name).toBe("taskId");
  expect(param("PageSize").name).toBe("pageSize");
  expect(props("list_tasks").pageSize).toMatchObject({ minimum: param("PageSize").schema.minimum, maximum: param("PageSize").schema.maximum });
  expect(props("list_tasks").page).toMatchObject({ minimum: param("Page").schema.minimum });
  expect(props("wait_for_task").pollIntervalMs.minimum).toBe(1000);
  for (const t of tools) expect(t.inputSchema.additionalProperties, t.name).toBe(false);
});

test("annotations: list, get, describe and wait are read-only; the tools that reach the API are open-world", async () => {
  const { tools } = await mcp.client.listTools();
  const a = Object.fromEntries(tools.map((t) => [t.name, t.annotations!]));
  for (const n of ["list_models", "describe_model", "get_task", "list_tasks", "wait_for_task"]) expect(a[n].readOnlyHint, n).toBe(true);
  for (const n of ["create_video_task", "create_image_task", "create_music_task", "upload_file"])
    expect(a[n], n).toMatchObject({ readOnlyHint: false, destructiveHint: false, openWorldHint: true });
  for (const n of ["get_task", "list_tasks", "wait_for_task"]) expect(a[n].openWorldHint, n).toBe(true);
  for (const n of ["list_models", "describe_model"]) expect(a[n].openWorldHint, n).toBe(false);
});

test("every tool declares an outputSchema; the task, page and file ones are the spec's schemas", async () => {
  const { tools } = await mcp.client.listTools();
  for (const t of tools) expect(t.outputSchema?.type, t.name).toBe("object");
  const out = (n: string) => tools.find((t) => t.name === n)!.outputSchema as any;
  expect(out("get_task").required).toEqual(spec.components.schemas.Task.required);
  expect(Object.keys(out("get_task").properties)).toEqual(Object.keys(spec.components.schemas.Task.properties));
  // The known statuses, and any other string (a status newer than the spec is not an error).
  const known = (status: any) => status.anyOf?.find((b: any) => b.enum)?.enum;
  expect(known(out("get_task").properties.status)).toEqual(known(spec.components.schemas.TaskStatus));
  expect(known(spec.components.schemas.TaskStatus)?.length).toBeGreaterThan(2);
  expect(out("get_task").properties.status.anyOf.some((b: any) => b.type === "string" && !b.enum)).toBe(true);
  expect(out("list_tasks").required).toEqual(spec.components.schemas.TaskList.required);
  expect(out("upload_file").required).toEqual(spec.components.schemas.UploadedFile.required);
  // No $ref left for a client to resolve, no vendor keywords for strict validators to refuse.
  expect(JSON.stringify(tools.map((t) => t.outputSchema))).not.toMatch(/"\$ref"|"x-monet/);
});

test("list and describe models, as text and as structured content", async () => {
  const listed: any = await mcp.client.callTool({ name: "list_models", arguments: { type: "music" } });
  expect(listed.structuredContent.models.map((m: any) => m.id)).toEqual(["minimax-music"]);
  expect(json(listed)).toEqual(listed.structuredContent);
  const described: any = await mcp.client.callTool({ name: "describe_model", arguments: { model: "sora-2" } });
  const [sora] = described.structuredContent.models;
  expect(sora.fields.find((f: any) => f.name === "duration")).toMatchObject({ enum: SORA_DURATION, default: SORA_DEFAULT });
  expect(sora.resource).toBe("monet://models/video/sora-2");
  // wan-2-5 is both a video and an image model.
  const wan: any = await mcp.client.callTool({ name: "describe_model", arguments: { model: "wan-2-5" } });
  expect(wan.structuredContent.models.map((m: any) => m.type).sort()).toEqual(["image", "video"]);
  const unknown: any = await mcp.client.callTool({ name: "describe_model", arguments: { model: "sora-9" } });
  expect(unknown.isError).toBe(true);
  expect(unknown.content[0].text).toContain('No model "sora-9"');
});

test("a model with no duration field is not offered a length range: its length is the reference video's (description, describe_model)", async () => {
  const { tools } = await mcp.client.listTools();
  const video = tools.find((t) => t.name === "create_video_task")!;
  const schemaOf = async (id: string) =>
    ((await mcp.client.callTool({ name: "describe_model", arguments: { model: id, type: "video" } })) as any).structuredContent.models[0].inputSchema;
  const noDuration = seed.filter(
    (m) => m.type === "video" && m.duration && !m.fields.some((f) => f.name === "duration") && m.fields.some((f) => f.name === "videos"),
  );
  expect(noDuration.map((m) => m.id)).toContain("kling-motion-control");
  for (const m of noDuration) {
    expect((await schemaOf(m.id)).properties.duration, m.id).toBeUndefined();
    const line = video.description!.split("\n").find((l) => l.startsWith(`- ${m.id}:`))!;
    expect(line, m.id).toMatch(new RegExp(`Follows the reference video \\(${m.duration!.min}-${m.duration!.max} s\\)`));
    expect(line, m.id).not.toMatch(/\. \d+-\d+ s\.$/);
  }
  const described: any = await mcp.client.callTool({ name: "describe_model", arguments: { model: "kling-motion-control" } });
  expect(described.structuredContent.models[0].duration).toMatch(/^follows the reference video/);
});

/** A resource's text (the catalog serves text, never a blob). */
const textOf = (c: { text: string } | { blob: string }) => ("text" in c ? c.text : Buffer.from(c.blob, "base64").toString("utf8"));

test("the model catalog is a set of MCP resources: an index and one per model, with its JSON Schema", async () => {
  const { resources } = await mcp.client.listResources();
  expect(resources.length).toBe(seed.length + 1);
  const index = JSON.parse(textOf((await mcp.client.readResource({ uri: "monet://models" })).contents[0]));
  expect(index.models.map((m: any) => `${m.type}/${m.id}`).sort()).toEqual(seed.map((m) => `${m.type}/${m.id}`).sort());
  for (const m of seed) expect(resources.map((r) => r.uri)).toContain(`monet://models/${m.type}/${m.id}`);
  const r = await mcp.client.readResource({ uri: "monet://models/video/sora-2" });
  expect(r.contents[0].mimeType).toBe("application/json");
  const sora = JSON.parse(textOf(r.contents[0]));
  expect(sora).toMatchObject({ id: "sora-2", type: "video", provider: "OpenAI" });
  expect(sora.inputSchema.properties.duration.enum).toEqual(SORA_DURATION);
  // The length in the guide's words once, under the name the tool's schema gives it (not twice).
  expect(sora.duration).toBe(SORA_DURATION.join(" or ").concat(" s"));
  expect(sora).not.toHaveProperty("durationText");
  const { resourceTemplates } = await mcp.client.listResourceTemplates();
  expect(resourceTemplates.map((t) => t.uriTemplate)).toEqual(["monet://models/{type}/{id}"]);
  await expect(mcp.client.readResource({ uri: "monet://models/video/nope" })).rejects.toThrow(/No resource monet:\/\/models\/video\/nope/);
});

test("create and wait (streamed): rising progress, then the finished task with its output URL", async () => {
  const before = requests.length;
  const progress: number[] = [];
  const result: any = await mcp.client.callTool({ name: "create_image_task", arguments: { input: { model: "flux-2-dev", prompt: "a kite" } } }, undefined, {
    onprogress: (p) => progress.push(p.progress),
  });
  const task = result.structuredContent;
  expect(task.status).toBe("success");
  expect(json(result)).toEqual(task);
  const image = await fetch(task.outputs[0].url);
  expect(image.headers.get("content-type")).toBe("image/png");
  // Strictly rising progress (MCP requires it); the final one may land with the result.
  expect(progress.length).toBeGreaterThan(1);
  for (let i = 1; i < progress.length; i++) expect(progress[i]).toBeGreaterThan(progress[i - 1]);
  // The task's event stream, not polling.
  expect(requests.slice(before).some((l) => l.startsWith("POST /api/v1/tasks/sync 200"))).toBe(true);
});

test("no-wait, get, wait_for_task, list: structured results with the API's names", async () => {
  const task = (
    await mcp.client.callTool({
      name: "create_music_task",
      arguments: { input: { model: "minimax-music", prompt: "lo-fi" }, wait: false, idempotencyKey: "k-1" },
    })
  ).structuredContent as any;
  expect(task.status).toBe("pending");
  const again = (
    await mcp.client.callTool({
      name: "create_music_task",
      arguments: { input: { model: "minimax-music", prompt: "lo-fi" }, wait: false, idempotencyKey: "k-1" },
    })
  ).structuredContent as any;
  expect(again.id).toBe(task.id);
  expect(((await mcp.client.callTool({ name: "get_task", arguments: { taskId: task.id } })).structuredContent as any).id).toBe(task.id);
  expect(((await mcp.client.callTool({ name: "wait_for_task", arguments: { taskId: task.id, pollIntervalMs: 1000 } })).structuredContent as any).status).toBe(
    "success",
  );
  const page = (await mcp.client.callTool({ name: "list_tasks", arguments: { pageSize: PAGE_SIZE_MAX } })).structuredContent as any;
  expect(page.pageSize).toBe(PAGE_SIZE_MAX);
  expect(page.tasks.map((t: any) => t.id)).toContain(task.id);
});

test("upload a real image from an allowed folder", async () => {
  const file = path.join(folder, "ref.png");
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  fs.writeFileSync(file, png);
  const r: any = await mcp.client.callTool({ name: "upload_file", arguments: { path: file } });
  expect(r.isError).toBeFalsy();
  expect(r.structuredContent).toMatchObject({ size: png.length, content_type: "image/png", filename: "ref.png" });
  expect(Buffer.from(await (await fetch(r.structuredContent.url)).arrayBuffer())).toEqual(png);
});

test("a bad input is a tool error naming the field, and nothing is sent", async () => {
  const before = requests.length;
  const r: any = await mcp.client.callTool({ name: "create_video_task", arguments: { input: { model: "sora-2", prompt: "x", duration: 5 } } });
  expect(r.isError).toBe(true);
  expect(r.content[0].text).toContain(`input.duration must be one of ${SORA_DURATION.join(", ")} (got 5)`);
  expect(requests.slice(before)).toEqual([]);
});

test("a failed task is a tool error carrying the task's own reason", async () => {
  const r: any = await mcp.client.callTool({ name: "create_image_task", arguments: { input: { model: "flux-2-dev", prompt: "a kite [fail]" } } });
  expect(r.isError).toBe(true);
  expect(r.content[0].text).toMatch(/^TaskFailedError: Task "task_\w+" ended "failed"; its reason, the API's answer, quoted as data/);
});
