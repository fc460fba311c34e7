// s13 audit M2: the same `generate --idempotency-key K --out DIR` run again after it succeeded
// re-attaches to the same task and finds its outputs already saved there: success (exit 0, the
// usual {task, files}), not "file exists". A file at that name that is not this task's output
// (another size than the download's) is still refused. Against the real mock.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { type MockServer, startMockServer } from "@monet-ai/mock";
import { afterEach, beforeEach, expect, test } from "vitest";
import { jsonError, monet } from "./run.ts";

let mock: MockServer | undefined;
let cwd: string;

beforeEach(() => {
  cwd = fs.mkdtempSync(path.join(os.tmpdir(), "monet-rerun-"));
});
afterEach(async () => {
  await mock?.close();
  mock = undefined;
  fs.rmSync(cwd, { recursive: true, force: true });
});

const env = () => ({ MONET_API_KEY: "monet_cli_rerun_key", MONET_BASE_URL: (mock as MockServer).url });
const args = ["--json", "generate", "image", "--model", "flux-2-dev", "--prompt", "twice", "--out", "o", "--idempotency-key", "rerun-key-1"];

test("M2: the same generate with the same key after it succeeded: exit 0, the same task and files, one task at the mock", async () => {
  mock = await startMockServer({ port: 0, taskDuration: 200 });
  const first = await monet(args, { cwd, env: env() });
  expect(first.code, first.stderr).toBe(0);
  const again = await monet(args, { cwd, env: env() });
  expect(again.code, again.stderr).toBe(0);
  const [a, b] = [JSON.parse(first.stdout), JSON.parse(again.stdout)];
  expect(b.task.id).toBe(a.task.id);
  expect(b.files).toEqual(a.files);
  expect(mock.state.tasks.all()).toHaveLength(1);
}, 30_000);

test("M2: a file at that name that is not this task's output (another size) is still refused, exit 1", async () => {
  mock = await startMockServer({ port: 0, taskDuration: 200 });
  const first = await monet(args, { cwd, env: env() });
  expect(first.code, first.stderr).toBe(0);
  const [file] = JSON.parse(first.stdout).files;
  fs.appendFileSync(file, "not the same bytes");
  const again = await monet(args, { cwd, env: env() });
  expect(again.code).toBe(1);
  expect(jsonError(again.stderr)).toMatchObject({ code: "file_exists", taskId: JSON.parse(first.stdout).task.id });
}, 30_000);
