// An agent driving `monet` (s9 audit, agent items 2, 4, 5, 6, 7, 10): a paid task is never lost
// to a signal, a timeout or a failed download; exit codes and --json errors say what to do
// next; no file is sent that is not media unless asked; no user file is quoted. Subprocesses
// against the real mock (a slow one for interruptions), started and stopped here.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { type MockServer, startMockServer } from "@monet-ai/mock";
import { getModel, listModels } from "@monet-ai/models";
import { afterAll, beforeAll, expect, test } from "vitest";
import { freePort } from "../../../test/support/ports.ts";
import { mediaBytes } from "./media-bytes.ts";
import { bin, jsonError, monet as run } from "./run.ts";

const KEY = "monet_cli_agent_key";
let mock: MockServer;
let slow: MockServer;
let cwd: string;

beforeAll(async () => {
  mock = await startMockServer({ port: 0, taskDuration: 300 });
  // Tasks that outlast every test: interrupted while they run.
  slow = await startMockServer({ port: 0, taskDuration: 600_000 });
  cwd = fs.mkdtempSync(path.join(os.tmpdir(), "monet-cli-agent-"));
});
afterAll(async () => {
  await mock?.close();
  await slow?.close();
  fs.rmSync(cwd, { recursive: true, force: true });
});

const monet = (args: string[], base = mock.url, extra: Record<string, string> = {}) =>
  run(args, { cwd, env: { MONET_API_KEY: KEY, MONET_BASE_URL: base, ...extra } });
const errorJson = jsonError;
const keyOf = (m: MockServer, id: string) => JSON.parse(m.state.tasks.all().find((t) => t.id === id)!.request).idempotency_key;

/** Starts `monet args` against the slow mock, sends `signal` once `ready` holds, and collects what it wrote. */
async function interrupt(args: string[], signal: NodeJS.Signals, ready: (stderr: string) => boolean, env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [bin, ...args], {
    cwd,
    env: { ...process.env, MONET_API_KEY: KEY, MONET_BASE_URL: slow.url, MONET_POLL_INTERVAL: "50", ...env },
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  const closed = new Promise<number | null>((resolve) => child.on("close", resolve));
  // Polls for the condition (no fixed sleep racing the CLI), then signals once.
  for (let i = 0; !ready(stderr); i++) {
    if (i > 400) throw new Error(`never ready: ${stderr}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill(signal);
  return { code: await closed, stdout, stderr };
}

const newTask = (before: number) => () => slow.state.tasks.all().length > before;

test("SIGINT/SIGTERM while generate waits: the task id is printed with the command that resumes it (human and --json), exit 130/143", async () => {
  for (const [signal, code] of [
    ["SIGINT", 130],
    ["SIGTERM", 143],
  ] as const) {
    // Human: the progress line names the task; the signal then gets one line naming it and `monet wait`.
    const human = await interrupt(["generate", "image", "--model", "flux-2-dev", "--prompt", "a cat", "--out", "o"], signal, (e) => /task_\w+/.test(e));
    const id = /task_\w+/.exec(human.stderr)![0];
    expect(human.code, human.stderr).toBe(code);
    expect(human.stderr).toContain(`interrupted (${signal}): task ${id}`);
    expect(human.stderr).toContain(`monet wait ${id} --out o`);
    // --json: nothing on stderr to wait for; the task on the server is the sign it was created.
    const before = slow.state.tasks.all().length;
    const json = await interrupt(["generate", "image", "--model", "flux-2-dev", "--prompt", "a dog", "--json"], signal, newTask(before));
    expect(json.code, json.stderr).toBe(code);
    const out = JSON.parse(json.stdout);
    const created = slow.state.tasks.all().at(-1)!;
    expect(out).toMatchObject({ interrupted: true, signal, files: [] });
    // Either the task as the CLI saw it, or (signal before the API's answer) the key that re-attaches to it.
    if (out.task) {
      expect(out.task.id).toBe(created.id);
      expect(out.resume).toBe(`monet wait ${created.id} --out . --json`);
    } else {
      expect(out.idempotencyKey).toBe(keyOf(slow, created.id));
      expect(out.resume).toContain(`--idempotency-key ${out.idempotencyKey}`);
    }
  }
}, 60_000);

test("SIGTERM while `monet wait` waits: the task and the same command to resume, exit 143", async () => {
  const id = JSON.parse((await monet(["--json", "generate", "image", "--model", "flux-2-dev", "--prompt", "w", "--no-wait"], slow.url)).stdout).task.id;
  // Ready once the CLI has polled the task: its progress line names it.
  const r = await interrupt(["wait", id, "--out", "later"], "SIGTERM", (e) => e.includes(`${id}  pending`));
  expect(r.code).toBe(143);
  // The CLI's own command on a line of its own, the last one.
  expect(r.stderr).toContain(`interrupted (SIGTERM): task ${id} goes on at the API (pending); nothing is lost. Resume with:\nmonet wait ${id} --out later\n`);
}, 30_000);

test("--idempotency-key: the same command run again re-attaches to the same task instead of paying for another", async () => {
  const before = mock.state.tasks.all().length;
  const args = ["--json", "generate", "image", "--model", "flux-2-dev", "--prompt", "once", "--idempotency-key", "agent-run-42", "--no-wait"];
  // --no-wait has the shape of generate and wait: {task, files: []} (s13 audit M6).
  const first = JSON.parse((await monet(args)).stdout).task;
  expect(JSON.parse((await monet(args)).stdout).files).toEqual([]);
  const again = JSON.parse((await monet(args)).stdout).task;
  expect(again.id).toBe(first.id);
  expect(keyOf(mock, first.id)).toBe("agent-run-42");
  expect(mock.state.tasks.all().length).toBe(before + 1);
  // Waiting (the default) with the same key after the first run: the same task, its outputs saved.
  const waited = await monet([
    "--json",
    "generate",
    "image",
    "--model",
    "flux-2-dev",
    "--prompt",
    "once",
    "--idempotency-key",
    "agent-run-42",
    "--out",
    "idem",
  ]);
  expect(waited.code, waited.stderr).toBe(0);
  expect(JSON.parse(waited.stdout).task.id).toBe(first.id);
  expect(mock.state.tasks.all().length).toBe(before + 1);
  const empty = await monet(["generate", "image", "--model", "flux-2-dev", "--prompt", "x", "--idempotency-key="]);
  expect(empty.code).toBe(2);
  expect(empty.stderr).toContain("--idempotency-key must not be empty");
}, 30_000);

test("a download refused after the task succeeded names `monet wait <id>` with the flag that fixes it, and that command works without a new task", async () => {
  const before = mock.state.tasks.all().length;
  const r = await monet(["--json", "generate", "image", "--model", "flux-2-dev", "--prompt", "big", "--out", "small", "--max-bytes", "10"]);
  expect(r.code).toBe(1);
  const e = errorJson(r.stderr);
  expect(e.taskId).toMatch(/^task_/);
  expect(e.message).toContain(`task ${e.taskId} succeeded, but its outputs were not saved`);
  expect(e.message).not.toMatch(/raise maxBytes/);
  expect(e.resume).toMatch(new RegExp(`^monet wait ${e.taskId} --out small --max-bytes \\d+ --json$`));
  const resumed = await monet(e.resume.split(" ").slice(1));
  expect(resumed.code, resumed.stderr).toBe(0);
  expect(JSON.parse(resumed.stdout).files).toHaveLength(1);
  expect(mock.state.tasks.all().length).toBe(before + 1);
  // A file in the way (not this output: another size; the same one is success, rerun-saved.test.ts): --overwrite, in human mode too.
  fs.appendFileSync(JSON.parse(resumed.stdout).files[0], "other bytes");
  const again = await monet(["wait", e.taskId, "--out", "small"]);
  expect(again.code).toBe(1);
  expect(again.stderr).toContain(`monet wait ${e.taskId} --out small --overwrite`);
}, 30_000);

test("models show --json is one shape for every id: an array of the models it names (s13 audit M6)", async () => {
  const two = [...new Set(listModels().map((m) => m.id))].filter((id) => listModels().filter((m) => m.id === id).length > 1);
  expect(two.length).toBeGreaterThan(0);
  for (const id of two) {
    const r = await monet(["models", "show", id, "--json"]);
    const v = JSON.parse(r.stdout);
    expect(Array.isArray(v)).toBe(true);
    expect(v.map((m: { type: string }) => m.type).sort()).toEqual(
      listModels()
        .filter((m) => m.id === id)
        .map((m) => m.type)
        .sort(),
    );
  }
  expect(JSON.parse((await monet(["models", "show", "sora-2", "--json"])).stdout)).toMatchObject([{ id: "sora-2" }]);
  expect(JSON.parse((await monet(["models", "show", two[0], "--type", "video", "--json"])).stdout)).toMatchObject([{ type: "video" }]);
});

test("exit codes by what to do next, and --json errors as one JSON object on stderr (never the key)", async () => {
  const refused = await monet(["--json", "list"], mock.url, { MONET_API_KEY: "sk-agent-secret" });
  expect(refused.code).toBe(3);
  expect(refused.stdout).toBe("");
  expect(errorJson(refused.stderr)).toMatchObject({ type: "AuthenticationError", status: 401, retryable: false });
  expect(refused.stderr).not.toContain("sk-agent-secret");

  const missing = await monet(["get", "task_nope", "--json"]);
  expect(missing.code).toBe(4);
  expect(errorJson(missing.stderr)).toMatchObject({ type: "NotFoundError", status: 404, retryable: false });

  const failed = await monet(["--json", "generate", "image", "--model", "flux-2-dev", "--prompt", "[fail] x", "--out", "f"]);
  expect(failed.code).toBe(5);
  expect(errorJson(failed.stderr)).toMatchObject({ type: "TaskFailedError", taskId: expect.stringMatching(/^task_/), retryable: false });

  const port = await freePort(); // nothing listens there
  const down = await monet(["--json", "get", "task_x"], `http://127.0.0.1:${port}`);
  expect(down.code).toBe(6);
  expect(errorJson(down.stderr)).toMatchObject({ type: "APIConnectionError", retryable: true });

  mock.state.faults.add({ kind: "server-error", status: 503, path: "/api/v1/tasks/", times: 20 });
  try {
    const busy = await monet(["--json", "get", "task_x"]);
    expect(busy.code).toBe(6);
    expect(errorJson(busy.stderr)).toMatchObject({ type: "InternalServerError", status: 503, retryable: true });
  } finally {
    mock.state.faults.clear();
  }

  const usage = await monet(["--json", "generate", "video", "--model", "sora-2", "--prompt", "x", "--duration", "5"]);
  expect(usage.code).toBe(2);
  expect(errorJson(usage.stderr)).toMatchObject({ type: "InputValidationError", retryable: false, exitCode: 2 });
  // Commander's own refusals are bad usage too (exit 2), and JSON with --json.
  const noArg = await monet(["--json", "get"]);
  expect(noArg.code).toBe(2);
  expect(errorJson(noArg.stderr).message).toContain("missing required argument");

  // The help of every subcommand shows --json and the exit codes.
  for (const cmd of [["generate"], ["wait"], ["get"], ["upload"], ["api"]]) {
    const help = await monet([...cmd, "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("--json");
    expect(help.stdout).toMatch(/Exit codes: 0 done.*2 bad usage.*3 API key refused/s);
    expect(help.stdout).toMatch(/6 retry later/);
  }
}, 60_000);

test("only media files are uploaded (extension and first bytes, as MCP's upload_file): a key file is refused, named, with the override", async () => {
  const secret = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\n-----END OPENSSH PRIVATE KEY-----\n";
  fs.writeFileSync(path.join(cwd, "id_ed25519"), secret);
  fs.writeFileSync(path.join(cwd, "id_ed25519.png"), secret);
  fs.writeFileSync(path.join(cwd, "real.png"), mediaBytes("real.png"));
  const tasks = mock.state.tasks.all().length;
  const stored = mock.state.files.storedBytes;
  const cases: [string[], RegExp][] = [
    [
      ["generate", "image", "--model", "flux-kontext-pro", "--prompt", "x", "--images", "./id_ed25519", "--no-wait"],
      /\.\/id_ed25519 is not an image, video or audio file: only \.png, .*--any-file/,
    ],
    [["upload", "./id_ed25519.png"], /\.\/id_ed25519\.png does not look like image\/png.*--any-file/],
    [["upload", "id_ed25519"], /id_ed25519 is not an image, video or audio file/],
    [["api", "uploadFile", "--body", '{"file":"@id_ed25519"}'], /id_ed25519 is not an image, video or audio file/],
  ];
  for (const [args, message] of cases) {
    const r = await monet(args);
    expect(r.code, args.join(" ")).toBe(2);
    expect(r.stderr, args.join(" ")).toMatch(message);
    expect(r.stderr).not.toContain("PRIVATE KEY");
  }
  expect(mock.state.files.storedBytes).toBe(stored);
  expect(mock.state.tasks.all().length).toBe(tasks);
  // A real PNG goes; so does any file with the explicit override.
  expect((await monet(["upload", "real.png"])).code).toBe(0);
  const forced = await monet(["--json", "upload", "id_ed25519", "--any-file"]);
  expect(forced.code, forced.stderr).toBe(0);
  expect(JSON.parse(forced.stdout).size).toBe(Buffer.byteLength(secret));
  const viaApi = await monet(["api", "uploadFile", "--any-file", "--body", '{"file":"@id_ed25519"}']);
  expect(viaApi.code, viaApi.stderr).toBe(0);
}, 60_000);

test("a user file that is not JSON is never quoted: --input and --body @file say where (line, column)", async () => {
  fs.writeFileSync(path.join(cwd, "token.txt"), "ghp_SECRETTOKEN1234567890abcdef\n");
  fs.writeFileSync(path.join(cwd, "late.json"), '{\n  "model": "flux-2-dev",\n  "prompt": SECRET_TOKEN\n}\n');
  const cut = '{"model": "flux-2-dev", "prompt": "SECRET';
  fs.writeFileSync(path.join(cwd, "cut.json"), cut);
  const cases: [string[], string][] = [
    [["generate", "image", "--input", "token.txt", "--no-wait"], "--input token.txt: not valid JSON (unexpected character at line 1, column 1)"],
    [["api", "createTask", "--body", "@token.txt"], "--body @token.txt: not valid JSON (unexpected character at line 1, column 1)"],
    [["generate", "image", "--input", "late.json", "--no-wait"], "--input late.json: not valid JSON (unexpected character at line 3, column 13)"],
    [["generate", "image", "--input", "cut.json", "--no-wait"], `--input cut.json: not valid JSON (Unterminated string at line 1, column ${cut.length + 1})`],
  ];
  for (const [args, message] of cases) {
    const r = await monet(args);
    expect(r.code, args.join(" ")).toBe(2);
    expect(r.stderr, args.join(" ")).toContain(message);
    expect(r.stderr).not.toMatch(/SECRET|ghp_/);
  }
});

test("`| head` ends quietly with exit 0; an unknown model flag points to that model's help", async () => {
  const child = spawn(
    process.execPath,
    [bin, "api", "createTaskStream", "--body", JSON.stringify({ type: "image", input: { model: "flux-2-dev", prompt: "x" }, idempotency_key: "epipe-1" })],
    { cwd, env: { ...process.env, MONET_API_KEY: KEY, MONET_BASE_URL: mock.url } },
  );
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  // Like `head -n 1`: read the first line, then close the pipe.
  await new Promise<void>((resolve) =>
    child.stdout.on("data", (d) => {
      if (String(d).includes("\n")) {
        child.stdout.destroy();
        resolve();
      }
    }),
  );
  const code = await new Promise((resolve) => child.on("close", resolve));
  expect(stderr).toBe("");
  expect(code).toBe(0);

  const sora = getModel("video", "sora-2")!;
  const r = await monet(["generate", "video", "--model", sora.id, "--prompt", "x", "--colour", "red"]);
  expect(r.code).toBe(2);
  expect(r.stderr).toContain(`see monet generate video --model ${sora.id} --help`);
  expect(r.stderr).not.toContain("See monet --help");
}, 30_000);
