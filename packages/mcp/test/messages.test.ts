// A new user's audit of the server's messages: the missing-key error says where an MCP config puts
// the key, and durations say the allowed values (from the catalog), not the two ends of a list.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { MockServer } from "@monet-ai/mock";
import { getModel, listModels } from "@monet-ai/models";
import { afterAll, beforeAll, expect, test } from "vitest";
import { json, startLoggedMock, startMcp, text } from "./support.ts";

let mock: MockServer;
let requests: string[];

beforeAll(async () => {
  ({ mock, requests } = await startLoggedMock());
});
afterAll(async () => {
  await mock?.close();
});

/** "5, 10 or 15" */
const choices = (v: readonly unknown[]) => `${v.slice(0, -1).join(", ")} or ${v.at(-1)}`;

test("no key: set MONET_API_KEY in the server's env (the MCP config's \"env\"), any key with the mock; not { apiKey }", async () => {
  const mcp = await startMcp({ env: { MONET_API_KEY: "", MONET_BASE_URL: mock.url } });
  try {
    const r: any = await mcp.client.callTool({ name: "create_image_task", arguments: { input: { model: "flux-2-dev", prompt: "x" }, wait: false } });
    expect(r.isError).toBe(true);
    const t = text(r);
    expect(t).toContain(`No API key: set MONET_API_KEY in the MCP server's environment (the "env" of its entry in your MCP client's config)`);
    expect(t).toContain(`MONET_BASE_URL ${mock.url} is local (the mock?), where any monet_... key works: "MONET_API_KEY": "monet_test"`);
    expect(t).not.toContain("{ apiKey }");
    const up: any = await mcp.client.callTool({ name: "list_tasks", arguments: {} });
    expect(text(up)).toContain("No API key: set MONET_API_KEY in the MCP server's environment");
    // Models need no key.
    expect((await mcp.client.callTool({ name: "list_models", arguments: {} })).isError).toBeFalsy();
    expect(requests).toEqual([]);
  } finally {
    await mcp.close();
  }
  // Against the real API: where to get a key instead of the mock's.
  const real = await startMcp({ env: { MONET_API_KEY: "" } });
  try {
    const t = text(await real.client.callTool({ name: "list_tasks", arguments: {} }));
    expect(t).toContain("Get a key at https://monet.vision/skills/keys.");
    expect(t).not.toContain("monet_test");
  } finally {
    await real.close();
  }
});

test("describe_model, list_models and the create tool say an enum duration's values (10 or 15 s), a range only for min/max", async () => {
  const mcp = await startMcp({ env: { MONET_BASE_URL: mock.url } });
  try {
    const sora = getModel("video", "sora-2")!;
    const soraText = `${choices(sora.fields.find((f) => f.name === "duration")!.enum!)} s`;
    const d = json(await mcp.client.callTool({ name: "describe_model", arguments: { model: sora.id } }));
    expect(d.models[0].duration).toBe(soraText);
    const listed = json(await mcp.client.callTool({ name: "list_models", arguments: { type: "video" } })).models;
    const { tools } = await mcp.client.listTools();
    const create = tools.find((t) => t.name === "create_video_task")!.description!;
    let ranges = 0;
    for (const m of listModels({ type: "video" })) {
      const field = m.fields.find((f) => f.name === "duration");
      const s = m.durationSeconds;
      const bounds = s ? (s.min === s.max ? `${s.min} s` : `${s.min}-${s.max} s`) : undefined;
      // No duration field but reference videos: the length is the reference's, not a range to pick.
      const follows = !field && m.fields.some((f) => f.name === "videos");
      const want = field?.enum
        ? `${choices(field.enum)} s`
        : bounds && follows
          ? `follows the reference video (${bounds})`
          : (bounds ?? (m.type === "image" ? undefined : "chosen by the model (no field sets the length)"));
      if (!field?.enum && !follows && s && s.min !== s.max) ranges++;
      expect(listed.find((x: any) => x.id === m.id).duration, m.id).toBe(want);
      const line = create.split("\n").find((l) => l.startsWith(`- ${m.id}: `))!;
      const shown = want && `${want[0].toUpperCase()}${want.slice(1)}`;
      if (shown) expect(line, m.id).toMatch(new RegExp(` ${shown.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\.$`));
    }
    expect(ranges).toBeGreaterThan(0);
    expect(create).not.toContain(`- ${sora.id}: ${sora.name} (${sora.provider}). ${sora.tagline}. ${sora.durationSeconds!.min}-`);
  } finally {
    await mcp.close();
  }
});

test("agent-facing wording: upload_file named (not the HTTP route), did-you-mean for a model id, one error prefix, a folder called a folder", async () => {
  const folder = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "monet-mcp-words-")));
  const mcp = await startMcp({ env: { MONET_BASE_URL: mock.url, MONET_MCP_ROOTS: folder } });
  try {
    const before = requests.length;
    const { tools } = await mcp.client.listTools();
    const all = JSON.stringify(tools);
    expect(all).not.toContain("/api/v1/files");
    // describe_model is where an agent reads a model's fields: it names the tool too.
    const described: any = await mcp.client.callTool({ name: "describe_model", arguments: { model: "sora-2" } });
    expect(JSON.stringify(described.structuredContent)).not.toContain("/api/v1/files");
    expect(described.structuredContent.models[0].fields.find((f: any) => f.name === "images").description).toContain("upload_file tool");
    // A mistyped model id: the closest ids, as the CLI suggests them.
    const typo: any = await mcp.client.callTool({ name: "create_video_task", arguments: { input: { model: "sora2", prompt: "a cat" } } });
    expect(typo.isError).toBe(true);
    expect(text(typo)).toContain("did you mean sora-2?");
    // Protocol errors carry the SDK's one prefix, not two.
    await expect(mcp.client.callTool({ name: "create_vidoe_task", arguments: {} })).rejects.toThrow(
      /^MCP error -32602: Unknown tool create_vidoe_task; did you mean create_video_task\? The tools are /,
    );
    await expect(mcp.client.readResource({ uri: "monet://models/video/nope" })).rejects.toThrow(/^MCP error -32002: No resource /);
    // An allowed folder itself is a folder, not "outside" the folders it is one of.
    const up: any = await mcp.client.callTool({ name: "upload_file", arguments: { path: folder } });
    expect(up.isError).toBe(true);
    expect(text(up)).toContain(`${folder} is a folder the user allowed, not a file`);
    expect(text(up)).not.toContain("outside");
    // An id the client refuses before sending reads like every other argument error.
    const bad: any = await mcp.client.callTool({ name: "get_task", arguments: { taskId: "a/b" } });
    expect(text(bad)).toMatch(/^Invalid arguments for get_task: taskId /);
    expect(requests.slice(before)).toEqual([]);
  } finally {
    await mcp.close();
    fs.rmSync(folder, { recursive: true, force: true });
  }
});
