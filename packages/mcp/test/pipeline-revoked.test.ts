// A run_pipeline run stops when the client takes its folder away (audit s16-mcp M5). A run went on
// in the server after the client's roots changed, writing outputs and its manifest into a folder
// no longer allowed, and the refused follow-up did not say so (nor could it stop the run). Now
// the roots' change stops every run whose file or outDir is outside the new folders, and the
// refusal says the run was stopped and how to resume it. Real SDK client over stdio, real mock.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { MockServer } from "@monet-ai/mock";
import { afterAll, beforeAll, expect, test } from "vitest";
import { pathOf, queryBounds } from "../../../test/support/spec.ts";
import { KEY, type Started, startLoggedMock, startMcp, text } from "./support.ts";

const MAX_WAIT = 2000;
const TASK_MS = 2 * MAX_WAIT;
const tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "monet-mcp-revoked-")));
const granted = path.join(tmp, "granted");
const other = path.join(tmp, "other");
let mock: MockServer;
let mcp: Started | undefined;

beforeAll(async () => {
  for (const d of [granted, other]) fs.mkdirSync(d);
  fs.writeFileSync(
    path.join(granted, "p.yaml"),
    `name: rv\nconcurrency: 1\nitems: [{ id: a }, { id: b }]\nsteps:\n  still:\n    foreach: items\n    type: image\n    input: { model: flux-2-dev, prompt: "fox \${{ item.id }}" }\n`,
  );
  ({ mock } = await startLoggedMock({ taskDuration: TASK_MS }));
}, 30_000);
afterAll(async () => {
  await mcp?.close();
  await mock?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** The mock's tasks, as the API lists them. */
const tasks = async () =>
  (
    (await (
      await fetch(`${mock.url}${pathOf("listTasks")}?pageSize=${queryBounds("pageSize").maximum}`, { headers: { authorization: `Bearer ${KEY}` } })
    ).json()) as {
      tasks: { status: string }[];
    }
  ).tasks;

test("a run whose folder the client no longer allows stops writing there, and the refused follow-up says so", async () => {
  mcp = await startMcp({ roots: [granted], env: { MONET_BASE_URL: mock.url, MONET_MCP_MAX_WAIT: String(MAX_WAIT), MONET_POLL_INTERVAL: "1000" } });
  const args = { file: path.join(granted, "p.yaml"), outDir: path.join(granted, "out") };
  const first: any = await mcp.client.callTool({ name: "run_pipeline", arguments: args });
  expect(first.structuredContent).toMatchObject({ status: "running" });
  await mcp.setRoots([other]);
  const again: any = await mcp.client.callTool({ name: "run_pipeline", arguments: args });
  expect(again.isError).toBe(true);
  expect(text(again)).toMatch(/outside the folders run_pipeline may use/);
  expect(text(again)).toMatch(/was stopped when that folder stopped being allowed.*nothing more is written there/);
  // The task it created ends at the API; a run still going would now save its image and make the next.
  for (let i = 0; i < 60 && (await tasks()).some((t) => t.status !== "success"); i++) await new Promise((r) => setTimeout(r, 250));
  await new Promise((r) => setTimeout(r, 3000));
  const written = fs.existsSync(path.join(args.outDir, "still")) ? fs.readdirSync(path.join(args.outDir, "still")) : [];
  expect(written.filter((f) => f.endsWith(".png"))).toEqual([]);
  expect(await tasks()).toHaveLength(1);
}, 60_000);
