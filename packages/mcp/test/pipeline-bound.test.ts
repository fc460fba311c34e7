// run_pipeline answers within MONET_MCP_MAX_WAIT like every tool that asks the API: a run longer
// than the bound goes on in the server, and the same call again follows it to its manifest,
// creating nothing twice. A cancelled call, or a closed connection, stops the run.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { MockServer } from "@monet-ai/mock";
import { afterAll, afterEach, beforeAll, expect, test } from "vitest";
import { type Started, startLoggedMock, startMcp, text } from "./support.ts";

/** Long enough for a loaded machine to load the pipeline and create the first task inside one call. */
const MAX_WAIT = 2000;
/** Each task outlasts the bound several times over. */
const TASK_MS = 3 * MAX_WAIT;
const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "monet-mcp-pipe-bound-")));
let mock: MockServer;
let requests: string[];
let mcp: Started | undefined;

/** A pipeline of `n` image tasks, one at a time. */
function pipelineFile(name: string, n: number) {
  const items = Array.from({ length: n }, (_, i) => `  - { id: i${i}, animal: cat${i} }`).join("\n");
  const file = path.join(root, `${name}.yaml`);
  fs.writeFileSync(
    file,
    `name: ${name}\nconcurrency: 1\nitems:\n${items}\nsteps:\n  still:\n    foreach: items\n    type: image\n    input: { model: flux-2-dev, prompt: "A \${{ item.animal }}" }\n`,
  );
  return file;
}
const creates = () => requests.filter((r) => r.startsWith("POST /api/v1/tasks/async")).length;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  ({ mock, requests } = await startLoggedMock({ taskDuration: TASK_MS }));
}, 30_000);
afterEach(async () => {
  await mcp?.close();
  mcp = undefined;
});
afterAll(async () => {
  await mock?.close();
  fs.rmSync(root, { recursive: true, force: true });
});

const start = () => startMcp({ roots: [root], env: { MONET_BASE_URL: mock.url, MONET_MCP_MAX_WAIT: String(MAX_WAIT), MONET_POLL_INTERVAL: "1000" } });

test(
  "a run longer than the bound: each call answers within it with where the run stands, and the same call again follows it to its manifest",
  async () => {
    mcp = await start();
    const args = { file: pipelineFile("two", 2), outDir: path.join(root, "out-two") };
    const before = creates();
    const t = Date.now();
    const first: any = await mcp.client.callTool({ name: "run_pipeline", arguments: args });
    // Within the bound (and its trip), not after the first task's TASK_MS.
    expect(Date.now() - t).toBeLessThan(TASK_MS);
    expect(first.isError).toBeFalsy();
    expect(first.structuredContent).toMatchObject({ status: "running", file: args.file, outDir: args.outDir, done: 0, total: 2, running: ["still/i0"] });
    expect(first.structuredContent.next).toMatch(/Call run_pipeline again with the same file and outDir/);
    let r: any = first;
    for (let calls = 1; r.structuredContent.status === "running"; calls++) {
      expect(calls).toBeLessThan(40);
      r = await mcp.client.callTool({ name: "run_pipeline", arguments: args });
      expect(r.isError, text(r)).toBeFalsy();
    }
    expect(r.structuredContent.summary).toMatchObject({ total: 2, succeeded: 2 });
    // One create per task, across every call.
    expect(creates() - before).toBe(2);
  },
  20 * TASK_MS,
);

test(
  "another pipeline file for an outDir a run is writing is refused, naming the file being run",
  async () => {
    mcp = await start();
    const outDir = path.join(root, "out-busy");
    const running: any = await mcp.client.callTool({ name: "run_pipeline", arguments: { file: pipelineFile("busy", 1), outDir } });
    expect(running.structuredContent.status).toBe("running");
    const other: any = await mcp.client.callTool({ name: "run_pipeline", arguments: { file: pipelineFile("other", 1), outDir } });
    expect(other.isError).toBe(true);
    expect(text(other)).toBe(
      `run_pipeline refused: outDir ${outDir} is being written by a run of ${path.join(root, "busy.yaml")}. Follow that run (call run_pipeline with its file and this outDir) or choose another outDir.`,
    );
  },
  10 * TASK_MS,
);

test(
  "a cancelled call stops the run: no task is created after it, and the next call resumes without creating one twice",
  async () => {
    mcp = await start();
    const args = { file: pipelineFile("stop", 3), outDir: path.join(root, "out-stop") };
    const before = creates();
    const ctrl = new AbortController();
    const call = mcp.client.callTool({ name: "run_pipeline", arguments: args }, undefined, { signal: ctrl.signal });
    while (creates() === before) await sleep(50);
    ctrl.abort();
    await expect(call).rejects.toThrow();
    // Long enough for the first task to end and the next to be created, had the run gone on.
    await sleep(TASK_MS + 2000);
    expect(creates() - before).toBe(1);
    let r: any;
    do r = await mcp.client.callTool({ name: "run_pipeline", arguments: args });
    while (r.structuredContent?.status === "running");
    expect(r.structuredContent.summary).toMatchObject({ total: 3, succeeded: 3 });
    expect(creates() - before).toBe(3);
  },
  20 * TASK_MS,
);

test(
  "closing the connection stops the runs it started, and the server exits on its own",
  async () => {
    mcp = await start();
    const before = creates();
    const r: any = await mcp.client.callTool({ name: "run_pipeline", arguments: { file: pipelineFile("closed", 3), outDir: path.join(root, "out-closed") } });
    expect(r.structuredContent.status).toBe("running");
    const { exit } = mcp;
    await mcp.close();
    mcp = undefined;
    // Not killed by the client's SIGTERM, 2 s after it closed the server's stdin.
    expect(await exit).toEqual({ code: 0, signal: null });
    await sleep(TASK_MS + 2000);
    expect(creates() - before).toBe(1);
  },
  10 * TASK_MS,
);
