// Issue 22, CLI: what a new user tripped over, each run as a subprocess against the real mock
// (and in a pseudo-terminal where a terminal changes the behaviour).
import fs from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";
import { spec } from "../../../test/support/spec.ts";
import { mediaBytes } from "./media-bytes.ts";
import { mockBench } from "./mock-bench.ts";
import { monetInPty, monet as run } from "./run.ts";

// Today's rules, read from the spec: a rule changed there changes these expectations with it.
const SORA_DURATION: number[] = spec.components.schemas.VideoSora2Input.properties.duration.enum;
const SORA_DEFAULT: number = spec.components.schemas.VideoSora2Input.properties.duration.default;

const pkg = JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, "../package.json"), "utf8"));
const bench = mockBench("use", { taskDuration: 600 });

const env = (extra: Record<string, string> = {}) => ({ MONET_API_KEY: "monet_cli_use", MONET_BASE_URL: bench.mock.url, ...extra });
const monet = (args: string[], extra: Record<string, string> = {}, stdin?: string) => run(args, { cwd: bench.cwd, env: env(extra), stdin });
const sentInput = (id: string) => JSON.parse(bench.mock.state.tasks.all().find((t) => t.id === id)!.request).input;

test("a refused key is reported as refused, not as a missing key", async () => {
  const r = await monet(["list"], { MONET_API_KEY: "sk-123" });
  expect(r.code).toBe(3);
  expect(r.stderr).toMatch(/^error: the API key was refused \(401\)/);
  expect(r.stderr).not.toContain("sk-123");
  const none = await monet(["list"], { MONET_API_KEY: "" });
  expect(none.stderr).toMatch(/^error: no API key/);
});

test("a missing task: one period, and no upload hint", async () => {
  const r = await monet(["get", "task_nope"]);
  expect(r.code).toBe(4);
  expect(r.stderr.trim()).toBe("error: not found (404): Task task_nope was not found.");
});

test("monet get on a failed task prints the task's error", async () => {
  const id = (await monet(["generate", "image", "--model", "flux-2-dev", "--prompt", "[fail] a kite", "--no-wait"])).stdout.trim();
  const waited = await monet(["wait", id]);
  expect(waited.code).toBe(5);
  expect(waited.stderr).toContain("The mock failed this task");
  const r = await monet(["get", id]);
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/failed/);
  expect(r.stdout).toContain("error: generation_failed: The mock failed this task because its prompt contains [fail].");
  expect(r.stdout).not.toMatch(/\n\s*\n/);
});

test("a missing local file is named, for generate and upload, and nothing is sent", async () => {
  const before = bench.mock.state.tasks.size;
  const gen = await monet(["generate", "image", "--model", "flux-kontext-pro", "--prompt", "x", "--images", "./nope.png"]);
  expect(gen.code).toBe(2);
  expect(gen.stderr.trim()).toBe("error: no such file: ./nope.png");
  const up = await monet(["upload", "./nope.png"]);
  expect(up.code).toBe(2);
  expect(up.stderr.trim()).toBe("error: no such file: ./nope.png");
  expect(bench.mock.state.tasks.size).toBe(before);
});

test("monet models prints a fixed duration once (8 s, not 8-8 s)", async () => {
  const r = await monet(["models", "--type", "video"]);
  expect(r.stdout).toMatch(/^veo-3 .* 8 s /m);
  expect(r.stdout).not.toMatch(/\b(\d+)-\1 ?s\b/);
  expect(r.stdout).toMatch(/^doubao-seedance-1-5-pro .* 4-12 s /m); // a real range stays a range
});

test("monet list --page-size 3: the footer counts the rows shown and the pages", async () => {
  for (let i = 0; i < 4; i++) await monet(["generate", "image", "--model", "flux-2-dev", "--prompt", `n${i}`, "--no-wait"]);
  const total = JSON.parse((await monet(["--json", "list"])).stdout).total;
  expect(total).toBeGreaterThanOrEqual(4);
  const r = await monet(["list", "--page-size", "3"]);
  const lines = r.stdout.trim().split("\n");
  expect(lines).toHaveLength(1 + 3 + 1);
  expect(lines.at(-1)).toBe(`page 1 of ${Math.ceil(total / 3)}, 3 of ${total} tasks`);
});

test("generate <type> --model <id> --help lists that model's flags", async () => {
  const before = bench.mock.state.tasks.size;
  const r = await monet(["generate", "video", "--model", "sora-2", "--help"]);
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(new RegExp(`--duration\\s+enum\\s+${SORA_DURATION.join(" \\| ")}\\s+${SORA_DEFAULT}\\b`));
  expect(r.stdout).toMatch(/--prompt\s+string\s+yes/);
  expect(r.stdout).toContain("--max-bytes");
  expect(bench.mock.state.tasks.size).toBe(before);
});

test("--videos a b and --images take several values; --image repeats; models show names the same flags", async () => {
  for (const f of ["a.mp4", "b.mp4", "c.png", "d.png"]) fs.writeFileSync(path.join(bench.cwd, f), mediaBytes(f));
  const r = await monet([
    "--json",
    "generate",
    "video",
    "--model",
    "wan-animate-move",
    "--videos",
    "a.mp4",
    "b.mp4",
    "--image",
    "c.png",
    "--image",
    "d.png",
    "--no-wait",
  ]);
  expect(r.code, r.stderr).toBe(0);
  const input = sentInput(JSON.parse(r.stdout).task.id);
  expect(input.videos).toHaveLength(2);
  expect(input.images).toHaveLength(2);
  const show = await monet(["models", "show", "wan-animate-move"]);
  expect(show.stdout).toMatch(/--videos <url\|file>\.\.\./);
  expect(show.stdout).toMatch(/--images <url\|file>\.\.\./);
});

test("--version prints the package version", async () => {
  const r = await monet(["--version"]);
  expect(r.stdout.trim()).toBe(pkg.version);
});

test("--input file.json and --input - (stdin) pass a whole input; flags override it", async () => {
  fs.writeFileSync(path.join(bench.cwd, "in.json"), JSON.stringify({ model: "flux-2-dev", prompt: "from a file", aspect_ratio: "16:9" }));
  const fromFile = await monet(["--json", "generate", "image", "--input", "in.json", "--prompt", "flag wins", "--no-wait"]);
  expect(fromFile.code, fromFile.stderr).toBe(0);
  expect(sentInput(JSON.parse(fromFile.stdout).task.id)).toEqual({ model: "flux-2-dev", prompt: "flag wins", aspect_ratio: "16:9" });
  const fromStdin = await monet(
    ["--json", "generate", "image", "--input", "-", "--no-wait"],
    {},
    JSON.stringify({ model: "flux-2-dev", prompt: "from stdin" }),
  );
  expect(fromStdin.code, fromStdin.stderr).toBe(0);
  expect(sentInput(JSON.parse(fromStdin.stdout).task.id)).toEqual({ model: "flux-2-dev", prompt: "from stdin" });
  const bad = await monet(["generate", "image", "--input", "-", "--no-wait"], {}, "[1, 2");
  expect(bad.code).toBe(2);
  expect(bad.stderr).toMatch(/^error: --input -: not valid JSON/);
});

test("without a terminal, generate prints one progress line per change on stderr", async () => {
  const r = await monet(["generate", "image", "--model", "flux-1-schnell", "--prompt", "lines", "--out", "lines"]);
  expect(r.code, r.stderr).toBe(0);
  const lines = r.stderr.trim().split("\n");
  expect(lines.length).toBeGreaterThanOrEqual(3);
  for (const l of lines) expect(l).toMatch(/^task_\w+ {2}(pending|processing|success)( {2}\d+%)?$/);
  expect(new Set(lines).size).toBe(lines.length);
  expect(lines.some((l) => /processing {2}\d+%/.test(l))).toBe(true);
  expect(lines.at(-1)).toMatch(/success {2}100%$/);
  expect(r.stdout).toMatch(/^done: task_/);
});

test("--out /abs/dir is printed as given", async () => {
  const abs = path.join(bench.cwd, "abs-out");
  const r = await monet(["generate", "image", "--model", "flux-1-schnell", "--prompt", "abs", "--out", abs]);
  expect(r.code, r.stderr).toBe(0);
  expect(r.stdout).toMatch(new RegExp(`^saved ${abs}/task_\\w+\\.png$`, "m"));
});

test("in a terminal: the live bar, no plain progress lines, and the absolute --out", async () => {
  const abs = path.join(bench.cwd, "tty-out");
  const { code, screen } = await monetInPty(["generate", "image", "--model", "flux-1-schnell", "--prompt", "bar", "--out", abs], {
    cwd: bench.cwd,
    env: env(),
  });
  expect(code, screen).toBe(0);
  expect(screen).toMatch(/\[1Gtask_\w+ {2}success {2}100% █+/);
  // A plain line starts a line; a frame of the bar starts after the cursor's move to column 1.
  expect(screen).not.toMatch(/^task_\w+ {2}processing/m);
  expect(screen).toMatch(new RegExp(`saved ${abs}/task_\\w+\\.png`));
}, 30_000);
