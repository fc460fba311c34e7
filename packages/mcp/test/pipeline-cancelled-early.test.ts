// A run_pipeline call cancelled before it starts a run starts none. The server stops a run when its
// call's signal fires, but listened for that only once the run was started: a cancel that came
// while the call still checked its paths (here, while the server waited for the client's roots)
// had already fired, so the run started and went on with no call to stop it, creating tasks the
// user had cancelled. Driven by the SDK client over stdio against the real mock; the client holds
// its roots answer until its cancel is sent, so the cancel reaches the server first every time.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { MockServer } from "@monet-ai/mock";
import { afterAll, beforeAll, expect, test } from "vitest";
import { type Started, startLoggedMock, startMcp, text } from "./support.ts";

const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "monet-mcp-early-")));
const pipeline = (name: string) => `name: ${name}
steps:
  still: { type: image, input: { model: flux-2-dev, prompt: "A ${name} still" } }
`;
let mock: MockServer;
let requests: string[];
let mcp: Started;
let rootsAsked!: () => void;
const asked = new Promise<void>((r) => (rootsAsked = r));
let answerRoots!: () => void;
const rootsAnswered = new Promise<void>((r) => (answerRoots = r));

beforeAll(async () => {
  fs.writeFileSync(path.join(root, "cancelled.yaml"), pipeline("cancelled"));
  fs.writeFileSync(path.join(root, "later.yaml"), pipeline("later"));
  ({ mock, requests } = await startLoggedMock());
  mcp = await startMcp({
    env: { MONET_BASE_URL: mock.url },
    listRoots: async () => {
      rootsAsked();
      await rootsAnswered;
      return { roots: [{ uri: pathToFileURL(root).href }] };
    },
  });
}, 60_000);
afterAll(async () => {
  await mcp?.close();
  await mock?.close();
  fs.rmSync(root, { recursive: true, force: true });
});

const creates = () => requests.filter((r) => r.startsWith("POST /api/v1/tasks"));

test("a call cancelled before its run starts starts nothing: no task, no run folder, and its outDir stays free", async () => {
  const outDir = path.join(root, "out");
  const cancel = new AbortController();
  const call = mcp.client
    .callTool({ name: "run_pipeline", arguments: { file: path.join(root, "cancelled.yaml"), outDir } }, undefined, { signal: cancel.signal, timeout: 60_000 })
    .catch((e: Error) => e);
  // The server asks the client's roots before it checks the paths: the user cancels meanwhile.
  await asked;
  cancel.abort(new Error("the user stopped it"));
  expect(await call).toBeInstanceOf(Error);
  answerRoots();
  // Behind the cancelled call through the same checks (a dry run creates nothing).
  const plan = (await mcp.client.callTool({ name: "run_pipeline", arguments: { file: path.join(root, "cancelled.yaml"), dryRun: true } })) as any;
  expect(plan.isError, text(plan)).toBeFalsy();
  expect(creates()).toEqual([]);
  expect(fs.existsSync(outDir)).toBe(false);
  // A run started by the cancelled call would hold outDir: another file there would be refused ("being written by a run of").
  const later = (await mcp.client.callTool({ name: "run_pipeline", arguments: { file: path.join(root, "later.yaml"), outDir } }, undefined, {
    timeout: 60_000,
  })) as any;
  expect(later.isError, text(later)).toBeFalsy();
  expect(later.structuredContent.summary).toEqual({ total: 1, succeeded: 1, failed: 0, skipped: 0 });
  // The one task the mock was asked for is the later call's: nothing of the cancelled pipeline ran, or was written.
  expect(creates()).toHaveLength(1);
  expect(JSON.stringify(later.structuredContent)).not.toContain("cancelled");
  expect(fs.readdirSync(outDir).join(" ")).not.toContain("cancelled");
});
