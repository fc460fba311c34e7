// Two run_pipeline calls follow one run; the first is cancelled by its client's own timeout,
// which stops the run (as documented). The second, neither timed out nor cancelled, gets the
// stopped-run answer (status "stopped", why, where the run stood, the call that resumes it), not
// the other call's cancel reason ("Request timed out") as if it were its own.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { MockServer } from "@monet-ai/mock";
import { afterAll, beforeAll, expect, test } from "vitest";
import { type Started, startLoggedMock, startMcp, text } from "./support.ts";

const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "monet-mcp-follower-")));
const PIPELINE = `name: follow
items: [{ p: a }, { p: b }]
steps:
  s:
    foreach: items
    type: video
    input: { model: kling-2-6, prompt: "x \${{ item.p }}" }
`;
let mock: MockServer;
let mcp: Started;

beforeAll(async () => {
  fs.writeFileSync(path.join(root, "p.yaml"), PIPELINE);
  ({ mock } = await startLoggedMock({ taskDuration: 60_000 }));
  mcp = await startMcp({ roots: [root], env: { MONET_BASE_URL: mock.url, MONET_MCP_MAX_WAIT: "30000" } });
}, 60_000);
afterAll(async () => {
  await mcp?.close();
  await mock?.close();
  fs.rmSync(root, { recursive: true, force: true });
});

test("a call following a run another call's cancel stopped gets the run's state and the call that resumes it", async () => {
  const args = { file: path.join(root, "p.yaml"), outDir: path.join(root, "out") };
  // Each call resolves `joined` at its first progress that names a running task: it follows the run by then.
  const call = (joined: () => void, signal?: AbortSignal) =>
    mcp.client.callTool({ name: "run_pipeline", arguments: args }, undefined, {
      timeout: 60_000,
      signal,
      onprogress: (p) => void (p.message?.includes("s/1") && joined()),
    }) as Promise<any>;
  const cancel = new AbortController();
  let firstJoined!: () => void;
  let secondJoined!: () => void;
  const started = new Promise<void>((r) => (firstJoined = r));
  const following = new Promise<void>((r) => (secondJoined = r));
  const first = call(() => firstJoined(), cancel.signal).catch((e: Error) => e);
  await started;
  const second = call(() => secondJoined());
  await following;
  cancel.abort(new Error("the other client's own reason"));
  expect(await first).toBeInstanceOf(Error);
  const r = await second;
  expect(r.isError, text(r)).toBe(true);
  expect(text(r)).not.toMatch(/timed out|other client's own reason/);
  expect(text(r)).toContain("another run_pipeline call following this run was cancelled");
  expect(r.structuredContent).toMatchObject({ status: "stopped", reason: "cancelled", file: args.file, outDir: args.outDir, total: 2 });
  expect(r.structuredContent.next).toContain("run_pipeline again with the same file and outDir");
}, 60_000);
