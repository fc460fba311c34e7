// The monet CLI as a subprocess against the stateful mock, and in a pseudo-terminal for the bar.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";
import { readSeedModels } from "../../../test/support/seed.ts";
import { spec } from "../../../test/support/spec.ts";
import { mockBench } from "./mock-bench.ts";
import { bin } from "./run.ts";

// Today's rules, read from the spec: a rule changed there changes these expectations with it.
const SORA_DURATION: number[] = spec.components.schemas.VideoSora2Input.properties.duration.enum;
const SORA_DEFAULT: number = spec.components.schemas.VideoSora2Input.properties.duration.default;

const seed = readSeedModels();
const bench = mockBench("cli", { taskDuration: 400 });

function monet(args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd: bench.cwd,
      env: { ...process.env, MONET_API_KEY: "monet_cli_test", MONET_BASE_URL: bench.mock.url, MONET_POLL_INTERVAL: "50", ...env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("exit", (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

test("monet models lists every model of the seed; filters by type and feature", async () => {
  const all = await monet(["models"]);
  expect(all.code).toBe(0);
  for (const m of seed) expect(all.stdout).toContain(m.id);
  const audio = JSON.parse((await monet(["models", "--type", "video", "--feature", "audio", "--json"])).stdout);
  expect(audio.length).toBeGreaterThan(3);
  expect(audio.every((m: { type: string; features: string[] }) => m.type === "video" && m.features.includes("audio"))).toBe(true);
});

test("monet models show sora-2 gives its inputs, allowed values and default", async () => {
  const r = await monet(["models", "show", "sora-2"]);
  expect(r.stdout).toMatch(new RegExp(`--duration\\s+enum\\s+${SORA_DURATION.join(" \\| ")}\\s+${SORA_DEFAULT}\\b`));
});

test("generate checks the input before sending: one clear line with the allowed values, exit 2", async () => {
  const before = bench.mock.state.tasks.size;
  const r = await monet(["generate", "video", "--model", "sora-2", "--prompt", "x", "--duration", "5"]);
  expect(r.code).toBe(2);
  expect(r.stderr.trim().split("\n")).toHaveLength(1);
  expect(r.stderr).toContain(`duration must be one of ${SORA_DURATION.join(", ")} (got 5)`);
  expect(bench.mock.state.tasks.size).toBe(before);
});

test("generate uploads a local image, waits, and downloads the output", async () => {
  fs.writeFileSync(path.join(bench.cwd, "ref.png"), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const r = await monet([
    "--json",
    "generate",
    "image",
    "--model",
    "flux-kontext-pro",
    "--prompt",
    "a kite",
    "--image",
    "ref.png",
    "--aspect-ratio",
    "16:9",
    "--out",
    "outputs",
  ]);
  expect(r.code, r.stderr).toBe(0);
  const result = JSON.parse(r.stdout);
  expect(result.task.status).toBe("success");
  expect(fs.readFileSync(result.files[0]).subarray(1, 4).toString()).toBe("PNG");
  expect(bench.mock.state.files.list(bench.mock.url).some((f) => f.filename === "ref.png")).toBe(true);
});

test("--no-wait prints the task id; get, wait, list and upload do the rest", async () => {
  const id = (await monet(["generate", "music", "--model", "minimax-music", "--prompt", "lo-fi", "--no-wait"])).stdout.trim();
  expect(id).toMatch(/^task_/);
  const waited = JSON.parse((await monet(["--json", "wait", id, "--out", "w"])).stdout);
  expect(waited.task.status).toBe("success");
  expect(JSON.parse((await monet(["--json", "get", id])).stdout).id).toBe(id);
  expect(JSON.parse((await monet(["--json", "list", "--page-size", "100"])).stdout).tasks.map((t: { id: string }) => t.id)).toContain(id);
  fs.writeFileSync(path.join(bench.cwd, "note.txt"), "hello");
  expect(JSON.parse((await monet(["--json", "upload", "note.txt", "--any-file"])).stdout).size).toBe(5);
});

test("errors are one line with what to do", async () => {
  const noKey = await monet(["list"], { MONET_API_KEY: "" });
  expect(noKey.stderr).toMatch(/^error: no API key\. Set MONET_API_KEY/);
  const unknown = await monet(["generate", "image", "--model", "flux-2-dev", "--prompt", "x", "--duration", "5"]);
  expect(unknown.code).toBe(2);
  expect(unknown.stderr).toContain("--duration is not an input of flux-2-dev");
  const missing = await monet(["get", "task_nope"]);
  expect(missing.code).toBe(4);
  expect(missing.stderr).toMatch(/^error: not found/);
  for (const r of [noKey, unknown, missing]) expect(r.stderr).not.toContain("monet_cli_test");
});

test("a MONET_POLL_INTERVAL that is not a number is named, and nothing is created", async () => {
  const before = bench.mock.state.tasks.all().length;
  for (const value of ["abc", "-5", "0"]) {
    const r = await monet(["generate", "image", "--model", "flux-2-dev", "--prompt", "x", "--out", bench.cwd], { MONET_POLL_INTERVAL: value });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: MONET_POLL_INTERVAL must be a number of milliseconds above 0/);
  }
  expect(bench.mock.state.tasks.all().length).toBe(before);
});

test("in a terminal, generate shows a live progress bar", async () => {
  // script(1) gives the CLI a pseudo-terminal; spawned asynchronously so the mock here can answer.
  const cmd = `${process.execPath} ${bin} generate image --model flux-1-schnell --prompt bar --out ${bench.cwd}/tty`;
  const child = spawn("script", ["-qfec", cmd, "/dev/null"], {
    env: { ...process.env, MONET_API_KEY: "monet_cli_test", MONET_BASE_URL: bench.mock.url, MONET_POLL_INTERVAL: "50", TERM: "xterm" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let screen = "";
  child.stdout.on("data", (d) => (screen += d));
  const code = await new Promise((r) => child.on("exit", r));
  expect(code, screen).toBe(0);
  expect(screen).toMatch(/task_\w+ {2}processing {2}\d+% [█░]+/);
  expect(screen).toMatch(/task_\w+ {2}success {2}100% █+/);
  expect(screen).toContain("done: task_");
}, 20_000);
