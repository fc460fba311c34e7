// run_pipeline keeps a client that resets its timeout on progress waiting for as long as its tasks
// run: a heartbeat every second names what is running and how many tasks are done, as
// create_*_task does. The client's timeout here is a fraction of the one task's length: without
// the heartbeat the call times out (and every retry too, until the task happens to end).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { MockServer } from "@monet-ai/mock";
import { afterAll, beforeAll, expect, test } from "vitest";
import { TICK_MS } from "../src/progress.ts";
import { type Started, startLoggedMock, startMcp } from "./support.ts";

const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "monet-mcp-beat-")));
/** The task outlasts the client's timeout several times over. */
const TIMEOUT_MS = 5 * TICK_MS;
const TASK_MS = 4 * TIMEOUT_MS;
let mock: MockServer;
let mcp: Started;

beforeAll(async () => {
  fs.writeFileSync(
    path.join(root, "one.yaml"),
    'name: one\nitems:\n  - { id: a, animal: cat }\nsteps:\n  still:\n    foreach: items\n    type: image\n    input: { model: flux-2-dev, prompt: "A ${{ item.animal }}" }\n',
  );
  ({ mock } = await startLoggedMock({ taskDuration: TASK_MS }));
  mcp = await startMcp({ roots: [root], env: { MONET_BASE_URL: mock.url, MONET_POLL_INTERVAL: "1000" } });
}, 30_000);
afterAll(async () => {
  await mcp?.close();
  await mock?.close();
  fs.rmSync(root, { recursive: true, force: true });
});

test(
  "a heartbeat while the task runs: a client that resets its timeout on progress sees the run through",
  async () => {
    const seen: { progress: number; total?: number; message?: string }[] = [];
    const r: any = await mcp.client.callTool(
      { name: "run_pipeline", arguments: { file: path.join(root, "one.yaml"), outDir: path.join(root, "out") } },
      undefined,
      {
        timeout: TIMEOUT_MS,
        resetTimeoutOnProgress: true,
        onprogress: (p) => seen.push(p),
      },
    );
    expect(r.isError).toBeFalsy();
    expect(r.structuredContent.summary).toMatchObject({ total: 1, succeeded: 1 });
    // Ticks name the running task and the count done, rising and below the next whole task.
    const ticks = seen.filter((p) => /running \(\d+ s\), 0 of 1 done$/.test(p.message ?? ""));
    expect(ticks.length).toBeGreaterThan(1);
    expect(ticks[0].message).toMatch(/^still\/\S+/);
    for (const t of ticks) expect(t.progress).toBeLessThan(1);
    for (let i = 1; i < seen.length; i++) expect(seen[i].progress).toBeGreaterThan(seen[i - 1].progress);
    expect(seen.at(-1)).toMatchObject({ progress: 1, total: 1 });
  },
  10 * TASK_MS,
);
