// An agent that wants a finished task's output URLs, not its files (or runs against Prism, whose
// output URLs are the spec's example host, off the machine): `generate` and `wait` with
// --no-download wait, print the finished task with its URLs and save nothing. Before, `generate`
// either returned at once (--no-wait) or downloaded into --out (default the current folder).
// Subprocesses against the real mock, whose request log shows no output was fetched.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { type MockServer, startMockServer } from "@monet-ai/mock";
import { afterAll, beforeAll, beforeEach, expect, test } from "vitest";
import { jsonError, monet as run } from "./run.ts";

let mock: MockServer;
// Tasks that outlast every test: a wait that runs out of --wait-timeout.
let slow: MockServer;
let cwd: string;
const requests: string[] = [];

beforeAll(async () => {
  mock = await startMockServer({ port: 0, taskDuration: 300, logger: (line) => requests.push(line) });
  slow = await startMockServer({ port: 0, taskDuration: 600_000 });
});
afterAll(async () => {
  await mock?.close();
  await slow?.close();
});
beforeEach(() => {
  cwd = fs.mkdtempSync(path.join(os.tmpdir(), "monet-cli-no-download-"));
  return () => fs.rmSync(cwd, { recursive: true, force: true });
});

const monet = (args: string[]) => run(args, { cwd, env: { MONET_API_KEY: "monet_cli_test", MONET_BASE_URL: mock.url, MONET_POLL_INTERVAL: "50" } });
const create = ["generate", "image", "--model", "flux-2-dev", "--prompt", "a lighthouse"];
/** Requests for the task's outputs, by their paths. */
const fetched = (task: any) => requests.filter((r) => task.outputs.some((o: any) => r.includes(new URL(o.url).pathname)));

test("generate --no-download waits, prints the finished task's id and output URLs, saves nothing and fetches no output", async () => {
  const r = await monet([...create, "--no-download"]);
  expect(r.code, r.stderr).toBe(0);
  const id = /^done: (\S+)$/m.exec(r.stdout)?.[1];
  const task = mock.state.tasks.all().find((t) => t.id === id)!;
  expect(task, r.stdout).toBeDefined();
  const got = JSON.parse((await monet(["--json", "get", id!])).stdout);
  expect(got.status).toBe("success");
  for (const o of got.outputs) expect(r.stdout).toContain(`  ${o.url}`);
  expect(fs.readdirSync(cwd)).toEqual([]);
  expect(fetched(got)).toEqual([]);
});

test("--json: {task, files: []} with the finished task and its URLs; nothing saved", async () => {
  const r = await monet(["--json", ...create, "--no-download"]);
  expect(r.code, r.stderr).toBe(0);
  const out = JSON.parse(r.stdout);
  expect(out.files).toEqual([]);
  expect(out.task.status).toBe("success");
  expect(out.task.outputs[0].url).toMatch(/^http/);
  expect(fs.readdirSync(cwd)).toEqual([]);
  expect(fetched(out.task)).toEqual([]);
});

test("wait <id> --no-download does the same for a task created with --no-wait", async () => {
  const id = JSON.parse((await monet(["--json", ...create, "--no-wait"])).stdout).task.id;
  const r = await monet(["--json", "wait", id, "--no-download"]);
  expect(r.code, r.stderr).toBe(0);
  const out = JSON.parse(r.stdout);
  expect(out).toMatchObject({ task: { id, status: "success" }, files: [] });
  expect(fs.readdirSync(cwd)).toEqual([]);
  expect(fetched(out.task)).toEqual([]);
});

test.each([
  [[...create, "--no-download", "--out", "o"], "--out"],
  [[...create, "--no-download", "--overwrite"], "--overwrite"],
  [[...create, "--no-download", "--max-bytes", "1000"], "--max-bytes"],
  [["wait", "task_x", "--no-download", "--out", "o"], "--out"],
])("%j is refused (exit 2) naming both flags, before anything is sent or made", async (args, flag) => {
  const before = requests.length;
  const r = await monet(args);
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr).toContain(`${flag} does nothing with --no-download`);
  expect(requests.length).toBe(before);
  expect(fs.readdirSync(cwd)).toEqual([]);
});

test("--no-wait --no-download is refused (exit 2) naming both: --no-wait waits for nothing", async () => {
  const r = await monet([...create, "--no-wait", "--no-download"]);
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr).toContain("--no-download does nothing with --no-wait");
});

test("generate --help and wait --help show --no-download", async () => {
  for (const cmd of ["generate", "wait"]) expect((await monet([cmd, "--help"])).stdout).toMatch(/^\s+--no-download\b/m);
});

test("a wait that runs out of --wait-timeout prints the command that waits again with --no-download, not --out", async () => {
  const r = await run(["--json", ...create, "--no-download", "--wait-timeout", "1"], {
    cwd,
    env: { MONET_API_KEY: "monet_cli_test", MONET_BASE_URL: slow.url, MONET_POLL_INTERVAL: "50" },
  });
  expect(r.code, r.stderr).toBe(6);
  const id = slow.state.tasks.all()[0].id;
  const { resume } = jsonError(r.stderr);
  expect(resume).toMatch(new RegExp(`wait ${id} --no-download --wait-timeout 1 --json$`));
  expect(resume).not.toContain("--out");
  expect(fs.readdirSync(cwd)).toEqual([]);
});
