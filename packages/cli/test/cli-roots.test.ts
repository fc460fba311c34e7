// MONET_CLI_ROOTS (roots.ts): with it set, every path the CLI reads or writes must be inside those
// folders by real path; one outside (absolute, a ../ escape, a link out of a root, an input file, a
// pipeline file or its --out) is refused before anything is sent or made: exit 2, `field` the flag.
// The built CLI against the mock, whose request log shows nothing was sent.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { type MockServer, startMockServer } from "@monet-ai/mock";
import { afterAll, beforeAll, expect, test } from "vitest";
import { mediaBytes } from "./media-bytes.ts";
import { monet as run } from "./run.ts";

let mock: MockServer;
let base: string;
let root: string;
let outside: string;
const requests: string[] = [];

const PIPELINE =
  'name: fence\nitems: [{ id: a }]\nsteps:\n  still: { foreach: items, type: image, input: { model: flux-2-dev, prompt: "a ${{ item.id }}" } }\n';

beforeAll(async () => {
  mock = await startMockServer({ port: 0, taskDuration: 100, logger: (line) => requests.push(line) });
  base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "monet-cli-roots-")));
  root = path.join(base, "root");
  outside = path.join(base, "outside");
  fs.mkdirSync(root);
  fs.mkdirSync(outside);
  for (const d of [root, outside]) {
    fs.writeFileSync(path.join(d, "a.png"), mediaBytes("a.png"));
    fs.writeFileSync(path.join(d, "in.json"), JSON.stringify({ model: "flux-2-dev", prompt: "x" }));
    fs.writeFileSync(path.join(d, "body.json"), JSON.stringify({ type: "image", input: { model: "flux-2-dev", prompt: "x" } }));
    fs.writeFileSync(path.join(d, "p.yaml"), PIPELINE);
  }
  // A link inside the root that leads out of it.
  fs.symlinkSync(outside, path.join(root, "link"));
});
afterAll(async () => {
  await mock?.close();
  fs.rmSync(base, { recursive: true, force: true });
});

const monet = (args: string[], roots = root) =>
  run(["--json", ...args], { cwd: root, env: { MONET_API_KEY: "monet_fence_test", MONET_BASE_URL: mock.url, MONET_CLI_ROOTS: roots } });
const image = ["generate", "image", "--model", "flux-2-dev", "--prompt", "x"];
const kontext = ["generate", "image", "--model", "flux-kontext-pro", "--prompt", "x", "--no-wait"];

// Paths under `base` are known only once beforeAll ran: each case builds its arguments then.
const refused: [string, () => string[], string, () => string][] = [
  ["--out outside (absolute)", () => [...image, "--out", path.join(outside, "abs")], "--out", () => path.join(outside, "abs")],
  ["--out ../ escape", () => [...image, "--out", "../escape"], "--out", () => path.join(base, "escape")],
  ["--out through a link out of the root", () => [...image, "--out", "link/sub"], "--out", () => path.join(outside, "sub")],
  ["wait --out ../ escape", () => ["wait", "task_x", "--out", "../escape"], "--out", () => path.join(base, "escape")],
  ["--images outside", () => [...kontext, "--images", path.join(outside, "a.png")], "--images", () => ""],
  ["--images through a link", () => [...kontext, "--images", "link/a.png"], "--images", () => ""],
  ["--input outside", () => ["generate", "image", "--input", "../outside/in.json", "--no-wait"], "--input", () => ""],
  ["--body @file outside", () => ["api", "createTask", "--body", `@${path.join(outside, "body.json")}`], "--body", () => ""],
  ["upload through a link", () => ["upload", "link/a.png"], "file", () => ""],
  ["pipeline file outside", () => ["pipeline", "run", path.join(outside, "p.yaml"), "--out", "pout"], "file", () => path.join(root, "pout")],
  ["pipeline file through a link (dry run)", () => ["pipeline", "run", "link/p.yaml", "--dry-run"], "file", () => ""],
  ["pipeline --out outside", () => ["pipeline", "run", "p.yaml", "--out", path.join(outside, "pout")], "--out", () => path.join(outside, "pout")],
];

test.each(refused)(
  "with MONET_CLI_ROOTS set, %s is refused before anything is sent or made: exit 2, field the flag, the message naming the roots",
  async (_name, args, field, notMade) => {
    const before = requests.length;
    const r = await monet(args());
    expect(r.code, r.stderr).toBe(2);
    const { error } = JSON.parse(r.stderr.trim().split("\n").at(-1) as string);
    expect(error).toMatchObject({ code: "outside_roots", field, exitCode: 2 });
    expect(error.message).toContain(`the folders MONET_CLI_ROOTS allows (${root})`);
    expect(requests.slice(before)).toEqual([]);
    if (notMade()) expect(fs.existsSync(notMade())).toBe(false);
    expect(fs.readdirSync(outside).sort()).toEqual(["a.png", "body.json", "in.json", "p.yaml"]);
  },
);

test("inside MONET_CLI_ROOTS everything works as before: outputs, input files, uploads, a pipeline and its --out", async () => {
  const saved = await monet([...image, "--out", "sub"]);
  expect(saved.code, saved.stderr).toBe(0);
  expect(fs.readdirSync(path.join(root, "sub"))).toHaveLength(1);
  const atRoot = await monet([...image, "--out", root]);
  expect(atRoot.code, atRoot.stderr).toBe(0);
  for (const args of [
    [...kontext, "--images", "./a.png"],
    ["generate", "image", "--input", "in.json", "--no-wait"],
    ["api", "createTask", "--body", "@body.json"],
    ["upload", "a.png"],
    ["pipeline", "run", "p.yaml", "--dry-run"],
    ["pipeline", "run", "p.yaml", "--out", "pout"],
  ]) {
    const r = await monet(args);
    expect(r.code, `${args.join(" ")}: ${r.stderr}`).toBe(0);
  }
  expect(fs.existsSync(path.join(root, "pout", "manifest.json"))).toBe(true);
});

test("a relative MONET_CLI_ROOTS entry is ignored with a line on stderr (an event line with --json); the others still fence", async () => {
  const r = await monet([...image, "--out", path.join(outside, "rel")], `relative${path.delimiter}${root}`);
  expect(r.code).toBe(2);
  const lines = r.stderr
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));
  expect(lines[0]).toEqual({ event: "warning", message: 'monet: MONET_CLI_ROOTS entries must be absolute paths; ignored "relative"' });
  expect(lines.at(-1).error).toMatchObject({ code: "outside_roots", field: "--out" });
  // Only relative entries: nothing is allowed, never "no fence".
  const none = await monet([...image, "--out", "sub"], "relative");
  expect(none.code).toBe(2);
  expect(JSON.parse(none.stderr.trim().split("\n").at(-1) as string).error.message).toContain("none of its entries is an existing folder");
});

test("monet --help lists MONET_CLI_ROOTS among the environment it reads", async () => {
  const r = await run(["--help"], { cwd: root });
  expect(r.stdout).toMatch(/^MONET_CLI_ROOTS=<dir>\[.<dir>\.\.\.\]: absolute folders every path read or written/m);
});
