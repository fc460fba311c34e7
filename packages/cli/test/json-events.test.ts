// s13 audit H1: with --json, a `generate` killed hard (SIGKILL: no handler runs) still leaves the
// agent its way back: stderr got the idempotency key before the create, and the task id with the
// `resume` command as soon as the API named it. Against the real mock, started and stopped here.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { type MockServer, startMockServer } from "@monet-ai/mock";
import { afterEach, beforeEach, expect, test } from "vitest";
import { jsonEvents as events, interrupted, runPrinted } from "./run.ts";

let mock: MockServer | undefined;
let cwd: string;

beforeEach(() => {
  cwd = fs.mkdtempSync(path.join(os.tmpdir(), "monet-events-"));
});
afterEach(async () => {
  await mock?.close();
  mock = undefined;
  fs.rmSync(cwd, { recursive: true, force: true });
});

const env = () => ({ MONET_API_KEY: "monet_cli_events_key", MONET_BASE_URL: (mock as MockServer).url });
const args = ["--json", "generate", "image", "--model", "nano-banana-1", "--prompt", "a killed run", "--out", "out"];

test("H1: SIGKILL after the created line: `wait <id>` from it finds the task, and the mock created one task only", async () => {
  mock = await startMockServer({ port: 0, taskDuration: 1500 });
  const killed = await interrupted(args, { cwd, env: env(), signal: "SIGKILL", ready: (s) => s.includes('"event":"created"') });
  expect(killed.stdout).toBe("");
  const [creating, created] = events(killed.stderr);
  expect(creating).toMatchObject({ event: "creating", idempotencyKey: expect.any(String) });
  expect(creating.resume).toContain(`--idempotency-key ${creating.idempotencyKey}`);
  const tasks = mock.state.tasks.all();
  expect(tasks).toHaveLength(1);
  expect(created).toEqual({ event: "created", taskId: tasks[0].id, resume: `monet wait ${tasks[0].id} --out out --json` });
  expect(tasks[0].key).toBe(creating.idempotencyKey);
  // Run as printed, `wait` picks the task up and saves its outputs.
  const again = await runPrinted(created.resume, { cwd, env: env() });
  expect(again.code, again.stderr).toBe(0);
  expect(JSON.parse(again.stdout).task.id).toBe(tasks[0].id);
  expect(mock.state.tasks.all()).toHaveLength(1);
}, 60_000);

test("H1: SIGKILL after the creating line: rerunning with its key re-attaches to the same task", async () => {
  mock = await startMockServer({ port: 0, taskDuration: 300 });
  const killed = await interrupted(args, { cwd, env: env(), signal: "SIGKILL", ready: (s) => s.includes('"event":"created"') });
  const [creating] = events(killed.stderr);
  const again = await runPrinted(creating.resume, { cwd, env: env() });
  expect(again.code, again.stderr).toBe(0);
  const [task] = mock.state.tasks.all();
  expect(JSON.parse(again.stdout).task.id).toBe(task.id);
  expect(mock.state.tasks.all()).toHaveLength(1);
  // The rerun wrote its own events before its result; none of them is an error line.
  expect(
    again.stderr
      .split("\n")
      .filter(Boolean)
      .every((l) => "event" in JSON.parse(l)),
  ).toBe(true);
}, 60_000);
