// `monet pipeline run` speaks the CLI's language (s10 pipeline audit, items 5 and 8): SIGINT and
// SIGTERM exit 130 and 143 with the command that resumes; with --json, stdout holds only JSON
// lines and stderr only one JSON error object; a file with many problems prints a bounded list
// for people and all of them as JSON. Subprocesses against the real mock, started and stopped here.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { type MockServer, startMockServer } from "@monet-ai/mock";
import { afterAll, beforeAll, expect, test } from "vitest";
import { bin, monet as run } from "./run.ts";

const KEY = "monet_cli_pipeline_run";
let slow: MockServer;
let cwd: string;

beforeAll(async () => {
  // Tasks that outlast every test: the run is interrupted while they go on.
  slow = await startMockServer({ port: 0, taskDuration: 600_000 });
  cwd = fs.mkdtempSync(path.join(os.tmpdir(), "monet-cli-pipeline-run-"));
  fs.writeFileSync(
    path.join(cwd, "p.yaml"),
    'name: sig\nitems: [{ id: a }, { id: b }]\nsteps:\n  still: { foreach: items, type: image, input: { model: flux-2-dev, prompt: "a ${{ item.id }}" } }\n',
  );
  // 25 items, each asking for a duration the model does not offer: 25 problems.
  const items = Array.from({ length: 25 }, (_, i) => `{ id: i${i}, s: 7 }`).join(", ");
  fs.writeFileSync(
    path.join(cwd, "bad.yaml"),
    `name: bad\nitems: [${items}]\nsteps:\n  clip: { foreach: items, type: video, input: { model: kling-2-6, prompt: orbit, duration: "\${{ item.s }}" } }\n`,
  );
  // 25 different mistakes, one per item (each a duration of its own): 25 lines.
  const many = Array.from({ length: 25 }, (_, i) => `{ id: i${i}, s: ${20 + i} }`).join(", ");
  fs.writeFileSync(
    path.join(cwd, "many.yaml"),
    `name: many\nitems: [${many}]\nsteps:\n  clip: { foreach: items, type: video, input: { model: kling-2-6, prompt: orbit, duration: "\${{ item.s }}" } }\n`,
  );
  // 200 CSV items with one mistake each in the YAML (a misspelt model) and one in the rows (duration 7).
  fs.writeFileSync(path.join(cwd, "rows.csv"), `id,s\n${Array.from({ length: 200 }, (_, i) => `r${i},7`).join("\n")}\n`);
  fs.writeFileSync(
    path.join(cwd, "rows.yaml"),
    `name: rows\nitems: { file: rows.csv }\nsteps:\n  still: { foreach: items, type: image, input: { model: flux-2-devv, prompt: "a \${{ item.id }}" } }\n  clip: { foreach: items, type: video, input: { model: kling-2-6, prompt: orbit, duration: "\${{ item.s }}" } }\n`,
  );
});
afterAll(async () => {
  await slow?.close();
  fs.rmSync(cwd, { recursive: true, force: true });
});

const monet = (args: string[], env: Record<string, string> = {}) => run(args, { cwd, env: { MONET_API_KEY: KEY, MONET_BASE_URL: slow.url, ...env } });

/** Starts `monet args`, sends `signal` once `ready` holds for what it wrote, and collects the rest. */
async function interrupt(args: string[], signal: NodeJS.Signals, ready: (out: { stdout: string; stderr: string }) => boolean) {
  const child = spawn(process.execPath, [bin, ...args], {
    cwd,
    env: { ...process.env, MONET_API_KEY: KEY, MONET_BASE_URL: slow.url, MONET_POLL_INTERVAL: "50" },
  });
  const out = { stdout: "", stderr: "" };
  child.stdout.on("data", (d) => (out.stdout += d));
  child.stderr.on("data", (d) => (out.stderr += d));
  const closed = new Promise<number | null>((resolve) => child.on("close", resolve));
  // Polls for the condition (no fixed sleep racing the CLI), then signals once.
  for (let i = 0; !ready(out); i++) {
    if (i > 600) throw new Error(`never ready: ${out.stderr}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill(signal);
  return { code: await closed, ...out };
}

const jsonLines = (text: string) =>
  text
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));

test("SIGINT / SIGTERM during a run: exit 130 / 143 (as --help says), one line with the command that resumes; a rerun re-attaches", async () => {
  for (const [signal, code] of [
    ["SIGINT", 130],
    ["SIGTERM", 143],
  ] as const) {
    const out = `out-${signal}`;
    const r = await interrupt(["pipeline", "run", "p.yaml", "--out", out], signal, (o) => (o.stderr.match(/ created task_/g) ?? []).length === 2);
    expect(r.code, r.stderr).toBe(code);
    expect(r.stderr).toContain(
      `interrupted (${signal}). Run the same command again to resume: running tasks are re-attached, nothing is created twice: monet pipeline run p.yaml --out ${out}`,
    );
  }
  // The resume said: both tasks found again, none created twice.
  const before = slow.state.tasks.all().length;
  const again = await interrupt(
    ["pipeline", "run", "p.yaml", "--out", "out-SIGTERM"],
    "SIGTERM",
    (o) => (o.stderr.match(/ attached task_/g) ?? []).length === 2,
  );
  expect(again.code).toBe(143);
  expect(slow.state.tasks.all().length).toBe(before);
}, 120_000);

test("--json interrupted: stdout is JSON lines ending in one 'interrupted' value with the resume command; nothing on stderr", async () => {
  for (const [signal, code] of [
    ["SIGTERM", 143],
    ["SIGINT", 130],
  ] as const) {
    const out = `json-${signal}`;
    const r = await interrupt(["--json", "pipeline", "run", "p.yaml", "--out", out], signal, (o) => (o.stdout.match(/"status":"created"/g) ?? []).length === 2);
    expect(r.code, r.stderr).toBe(code);
    expect(r.stderr).toBe("");
    const events = jsonLines(r.stdout);
    expect(events[0]).toMatchObject({ type: "start", total: 2 });
    expect(events.at(-1)).toEqual({ type: "interrupted", interrupted: true, signal, resume: `monet --json pipeline run p.yaml --out ${out}` });
  }
}, 120_000);

test("an invalid file with --json: one JSON error object on stderr (all problems), the 'invalid' event on stdout, no text; exit 2", async () => {
  const tasks = slow.state.tasks.all().length;
  const r = await monet(["--json", "pipeline", "run", "bad.yaml", "--out", "out-bad"]);
  expect(r.code).toBe(2);
  // JSON.parse of the whole of stderr: one object, nothing before or after it.
  const { error } = JSON.parse(r.stderr);
  expect(error).toMatchObject({ type: "PipelineFileError", message: "25 problems in the pipeline file. Nothing was created.", retryable: false, exitCode: 2 });
  expect(error.issues).toHaveLength(25);
  expect(error.issues[24]).toMatchObject({ step: "clip", item: "i24", field: "duration" });
  expect(jsonLines(r.stdout)).toEqual([{ type: "invalid", issues: error.issues }]);
  expect(slow.state.tasks.all().length).toBe(tasks);

  // Errors before the file is read are JSON too: a missing --out, a missing key.
  for (const [args, env] of [
    [["--json", "pipeline", "run", "p.yaml"], {}],
    [["--json", "pipeline", "run", "p.yaml", "--out", "out-nokey"], { MONET_API_KEY: "" }],
  ] as const) {
    const e = await monet([...args], env);
    expect(e.code).toBe(2);
    expect(e.stdout).toBe("");
    expect(JSON.parse(e.stderr).error).toMatchObject({ type: "UsageError", exitCode: 2 });
  }
}, 60_000);

test("many problems: people get the first 20 and 'and N more' (run and --dry-run); --json lists every one", async () => {
  for (const args of [["--out", "out-many"], ["--dry-run"]]) {
    const r = await monet(["pipeline", "run", "many.yaml", ...args]);
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split("\n");
    expect(lines.filter((l) => l.startsWith("many.yaml:2: error: step clip, item "))).toHaveLength(20);
    // file:line: first, as a compiler's: the inline item's line in the YAML.
    expect(lines.at(0)).toBe("many.yaml:2: error: step clip, item i0: input.duration must be one of 5, 10 (got 20)");
    expect(lines.at(-2)).toBe("and 5 more (all of them with --json)");
    expect(lines.at(-1)).toBe("25 problems in the pipeline file. Nothing was created.");
  }
  const dry = await monet(["--json", "pipeline", "run", "many.yaml", "--dry-run"]);
  expect(dry.code).toBe(2);
  expect(dry.stderr).toBe("");
  expect(JSON.parse(dry.stdout).issues).toHaveLength(25);
}, 60_000);

test("one mistake over many items is one line: the YAML line and the items, or the CSV rows; --json keeps every issue", async () => {
  const same = await monet(["pipeline", "run", "bad.yaml", "--out", "out-same"]);
  expect(same.code).toBe(2);
  expect(same.stderr.trim().split("\n")).toEqual([
    "bad.yaml:2: error: step clip: input.duration must be one of 5, 10 (got 7): items i0, i1, i2 and 22 more",
    "25 problems in the pipeline file. Nothing was created.",
  ]);
  const tasks = slow.state.tasks.all().length;
  const r = await monet(["pipeline", "run", "rows.yaml", "--out", "out-rows"]);
  expect(r.code).toBe(2);
  const lines = r.stderr.trim().split("\n");
  expect(lines[0]).toMatch(/^rows\.yaml:4: error: step still: input\.model must be .*\(got "flux-2-devv"\): items r0, r1, r2 and 197 more$/);
  expect(lines.slice(1)).toEqual([
    "rows.csv:2: error: step clip: input.duration must be one of 5, 10 (got 7): rows 2, 3, 4 and 197 more",
    "400 problems in the pipeline file. Nothing was created.",
  ]);
  const j = await monet(["--json", "pipeline", "run", "rows.yaml", "--out", "out-rows"]);
  const { error } = JSON.parse(j.stderr);
  expect(error.issues).toHaveLength(400);
  expect(error.issues.filter((i: { file?: string }) => i.file?.endsWith("rows.csv")).map((i: { line: number }) => i.line)).toEqual(
    Array.from({ length: 200 }, (_, i) => i + 2),
  );
  expect(slow.state.tasks.all().length).toBe(tasks);
}, 60_000);

test("--task-timeout takes seconds above 0, at most a day: anything else is exit 2 naming the flag, before any request", async () => {
  const tasks = slow.state.tasks.all().length;
  for (const v of ["0", "-1", "abc", "0x10", "1e2", "86401"]) {
    const r = await monet(["pipeline", "run", "p.yaml", "--out", "out-timeout", "--task-timeout", v]);
    expect(r.code, v).toBe(2);
    expect(r.stderr).toContain("--task-timeout");
    expect(r.stderr).toContain("must be a number above 0, at most 86400");
  }
  expect(slow.state.tasks.all().length).toBe(tasks);
  expect(fs.existsSync(path.join(cwd, "out-timeout"))).toBe(false);
  expect((await monet(["pipeline", "run", "--help"])).stdout).toContain("--task-timeout <seconds>");
}, 60_000);

// Needs runPipeline's taskTimeout (s10-pipe-core's part of audit item 4): without it the stuck run never ends.
test("--task-timeout: a task that never finishes ends the run (exit 6, as a wait that ran out of time) with a manifest naming it; in seconds, so a 1.5 s task meets a 30 s limit", async () => {
  const guarded = (args: string[], base: string) =>
    new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [bin, ...args], {
        cwd,
        env: { ...process.env, MONET_API_KEY: KEY, MONET_BASE_URL: base, MONET_POLL_INTERVAL: "50" },
      });
      let stderr = "";
      child.stderr.on("data", (d) => (stderr += d));
      // A run that hangs is the failure: stopped here so the test reports it instead of timing out.
      const guard = setTimeout(() => child.kill("SIGKILL"), 90_000);
      child.on("close", (code) => {
        clearTimeout(guard);
        resolve({ code, stderr });
      });
    });
  const stuck = await guarded(["pipeline", "run", "p.yaml", "--out", "out-stuck", "--task-timeout", "2"], slow.url);
  expect(stuck.code, stuck.stderr).toBe(6);
  const manifest = JSON.parse(fs.readFileSync(path.join(cwd, "out-stuck", "manifest.json"), "utf8"));
  expect(manifest.summary).toMatchObject({ total: 2, succeeded: 0 });
  // Each task is named, so a rerun re-attaches to it rather than paying again.
  for (const t of manifest.tasks) expect(t.id).toMatch(/^task_/);

  const fast = await startMockServer({ port: 0, taskDuration: 1500 });
  try {
    const ok = await guarded(["pipeline", "run", "p.yaml", "--out", "out-fast", "--task-timeout", "30"], fast.url);
    expect(ok.code, ok.stderr).toBe(0);
  } finally {
    await fast.close();
  }
}, 240_000);

test("items named by position: a rerun says kept (not saved); after an item is removed, --dry-run --out notes the moved names and the run creates nothing", async () => {
  const fast = await startMockServer({ port: 0, taskDuration: 100 });
  try {
    const env = { MONET_BASE_URL: fast.url };
    const write = (prompts: string[]) =>
      fs.writeFileSync(
        path.join(cwd, "pos.yaml"),
        `name: pos\nitems: [${prompts.map((p) => `{ p: ${p} }`).join(", ")}]\nsteps:\n  still: { foreach: items, type: image, input: { model: flux-2-dev, prompt: "\${{ item.p }}" } }\n`,
      );
    const created = async () => fast.state.tasks.size;
    write(["apple", "banana", "cherry"]);
    const first = await monet(["pipeline", "run", "pos.yaml", "--out", "out-pos"], env);
    expect(first.code, first.stderr).toBe(0);
    expect(await created()).toBe(3);

    const again = await monet(["pipeline", "run", "pos.yaml", "--out", "out-pos"], env);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/still\/1 kept task_/);
    expect(again.stderr).not.toMatch(/ saved /);

    write(["banana", "cherry"]);
    const plan = await monet(["pipeline", "run", "pos.yaml", "--out", "out-pos", "--dry-run"], env);
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stderr).toMatch(/note: 2 items are named by position and their names moved/);
    const moved = await monet(["pipeline", "run", "pos.yaml", "--out", "out-pos"], env);
    expect(moved.code, moved.stderr).toBe(0);
    expect(await created()).toBe(3);
  } finally {
    await fast.close();
  }
}, 120_000);
