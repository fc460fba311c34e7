// The MCP server over stdio, driven by the official SDK client against the stateful mock.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { afterAll, beforeAll, expect, test } from "vitest";
import { startMockServer, type MockServer } from "@monet-ai/mock";
import { readSeedModels } from "../../../test/support/seed.ts";

const seed = readSeedModels();
let mock: MockServer;
let client: Client;

beforeAll(async () => {
  mock = await startMockServer({ port: 0, taskDuration: 300 });
  client = new Client({ name: "test", version: "0" });
  await client.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: [path.resolve(import.meta.dirname, "../dist/index.js")],
      env: { ...(process.env as Record<string, string>), MONET_API_KEY: "monet_mcp_test", MONET_BASE_URL: mock.url, MONET_POLL_INTERVAL: "50" },
    }),
  );
}, 30_000);
afterAll(async () => {
  await client?.close();
  await mock?.close();
});

const json = (r: any) => JSON.parse(r.content[0].text);

test("lists the tools; each type's create tool names every model of the seed and takes its schemas", async () => {
  const { tools } = await client.listTools();
  expect(tools.map((t) => t.name).sort()).toEqual(["create_image_task", "create_music_task", "create_video_task", "describe_model", "get_task", "list_models", "list_tasks", "upload_file", "wait_for_task"]);
  for (const type of ["video", "image", "music"]) {
    const tool = tools.find((t) => t.name === `create_${type}_task`)!;
    const ids = seed.filter((m) => m.type === type).map((m) => m.id);
    for (const id of ids) expect(tool.description).toContain(`- ${id}:`);
    expect((tool.inputSchema.properties as any).input.oneOf.map((s: any) => s.properties.model.const).sort()).toEqual([...ids].sort());
  }
});

test("list and describe models", async () => {
  expect(json(await client.callTool({ name: "list_models", arguments: { type: "music" } })).map((m: any) => m.id)).toEqual(["minimax-music"]);
  const [sora] = json(await client.callTool({ name: "describe_model", arguments: { id: "sora-2" } }));
  expect(sora.fields.find((f: any) => f.name === "duration")).toMatchObject({ enum: [10, 15], default: 10 });
});

test("create and wait for a task, with progress notifications, and read the output URL", async () => {
  const progress: number[] = [];
  const result = await client.callTool(
    { name: "create_image_task", arguments: { input: { model: "flux-2-dev", prompt: "a kite" } } },
    undefined,
    { onprogress: (p) => progress.push(p.progress) },
  );
  const task = json(result);
  expect(task.status).toBe("success");
  const image = await fetch(task.outputs[0].url);
  expect(image.headers.get("content-type")).toBe("image/png");
  // Rising progress; the SDK client may drop a notification that lands with the result, so the
  // final 100 is not asserted.
  expect(progress.length).toBeGreaterThan(1);
  expect([...progress].sort((a, b) => a - b)).toEqual(progress);
});

test("no-wait, get, wait_for_task, list, upload", async () => {
  const task = json(await client.callTool({ name: "create_music_task", arguments: { input: { model: "minimax-music", prompt: "lo-fi" }, wait: false } }));
  expect(json(await client.callTool({ name: "get_task", arguments: { task_id: task.id } })).id).toBe(task.id);
  expect(json(await client.callTool({ name: "wait_for_task", arguments: { task_id: task.id, poll_interval_ms: 50 } })).status).toBe("success");
  expect(json(await client.callTool({ name: "list_tasks", arguments: { page_size: 100 } })).tasks.map((t: any) => t.id)).toContain(task.id);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "monet-mcp-")), "ref.png");
  fs.writeFileSync(file, Buffer.from([0x89, 0x50, 0x4e, 0x47]));
  expect(json(await client.callTool({ name: "upload_file", arguments: { path: file } })).size).toBe(4);
});

test("a bad input is a tool error naming the field, and nothing is created", async () => {
  const before = mock.state.tasks.size;
  const r: any = await client.callTool({ name: "create_video_task", arguments: { input: { model: "sora-2", prompt: "x", duration: 5 } } });
  expect(r.isError).toBe(true);
  expect(r.content[0].text).toContain("input.duration must be one of 10, 15 (got 5)");
  expect(mock.state.tasks.size).toBe(before);
});
