// run_pipeline through a real SDK client over stdio against the real mock: it runs a pipeline file
// inside the allowed folders with progress per finished task, resumes without creating anything
// twice, checks with dryRun, and refuses (sending nothing) files or output folders outside them,
// links below outDir that lead out, a manifest.json it did not write, files that are not pipeline
// files (never quoting them) and files over the size cap.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { MockServer } from "@monet-ai/mock";
import { afterAll, beforeAll, expect, test } from "vitest";
import { json, type Started, startLoggedMock, startMcp, text } from "./support.ts";

const tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "monet-mcp-pipeline-")));
const root = path.join(tmp, "project");
const outside = path.join(tmp, "outside");
// Where links below outDir lead: outside the roots, never written.
const elsewhere = path.join(tmp, "elsewhere");
const SECRET = "wJalrXUtnFEMI/K7MDENG";
const PIPELINE = `name: mcp-teasers
items:
  - { product: red sneaker }
  - { product: blue backpack }
steps:
  still:
    foreach: items
    type: image
    input: { model: flux-2-dev, prompt: "Studio photo of a \${{ item.product }}", aspect_ratio: "16:9" }
  jingle:
    type: music
    input: { model: minimax-music, prompt: "Upbeat jingle" }
`;
let mock: MockServer;
let requests: string[];
let mcp: Started;

beforeAll(async () => {
  for (const d of [root, outside, elsewhere, path.join(root, "runs/a"), path.join(root, "runs/b"), path.join(root, "web")])
    fs.mkdirSync(d, { recursive: true });
  fs.symlinkSync(elsewhere, path.join(root, "runs/a/still"));
  fs.symlinkSync(elsewhere, path.join(root, "runs/b/.pipeline"));
  fs.writeFileSync(path.join(root, "web/manifest.json"), '{"name":"My PWA","icons":[]}\n');
  fs.writeFileSync(path.join(root, ".env"), `AWS_SECRET_ACCESS_KEY=${SECRET}\n`);
  fs.writeFileSync(path.join(root, "diary.txt"), `the safe code is ${SECRET}\n`);
  fs.symlinkSync(path.join(root, ".env"), path.join(root, "env-link.yaml"));
  fs.writeFileSync(path.join(root, "config.yaml"), `name: "${SECRET}"\npassword: hunter2\n`);
  fs.writeFileSync(path.join(root, "big.yaml"), "");
  // Sparse: the size without writing it.
  fs.truncateSync(path.join(root, "big.yaml"), 11 * 1024 * 1024);
  fs.writeFileSync(path.join(root, "teasers.yaml"), PIPELINE);
  fs.writeFileSync(path.join(outside, "teasers.yaml"), PIPELINE);
  fs.writeFileSync(path.join(root, "bad.yaml"), PIPELINE.replace('aspect_ratio: "16:9"', 'aspect_ratio: "5:1"'));
  fs.symlinkSync(outside, path.join(root, "escape"));
  ({ mock, requests } = await startLoggedMock());
  mcp = await startMcp({ roots: [root], env: { MONET_BASE_URL: mock.url, MONET_POLL_INTERVAL: "1000" } });
}, 60_000);
afterAll(async () => {
  await mcp?.close();
  await mock?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const creates = () => requests.filter((r) => r.startsWith("POST /api/v1/tasks")).length;

test("runs a pipeline into outDir with a progress notification per finished task; a second call creates nothing", async () => {
  const progress: number[] = [];
  const call = (outDir: string) =>
    mcp.client.callTool({ name: "run_pipeline", arguments: { file: path.join(root, "teasers.yaml"), outDir } }, undefined, {
      onprogress: (p) => void progress.push(p.progress),
      timeout: 120_000,
    }) as Promise<any>;
  const first = await call(path.join(root, "out"));
  expect(first.isError, text(first)).toBeFalsy();
  expect(first.structuredContent.summary).toEqual({ total: 3, succeeded: 3, failed: 0, skipped: 0 });
  // One whole step per finished task (between them, rising heartbeat ticks: pipeline-progress.test.ts).
  expect(progress.filter((p) => Number.isInteger(p) && p > 0)).toEqual([1, 2, 3]);
  for (let i = 1; i < progress.length; i++) expect(progress[i]).toBeGreaterThan(progress[i - 1]);
  for (const t of first.structuredContent.tasks) for (const f of t.files) expect(fs.existsSync(path.resolve(root, "out", f)) || fs.existsSync(f), f).toBe(true);
  expect(creates()).toBe(3);
  const again = await call(path.join(root, "out"));
  expect(again.structuredContent.summary.succeeded).toBe(3);
  expect(creates()).toBe(3);
}, 180_000);

test("dryRun names the step, item and field, and creates nothing", async () => {
  const before = requests.length;
  const r = (await mcp.client.callTool({ name: "run_pipeline", arguments: { file: path.join(root, "bad.yaml"), dryRun: true } })) as any;
  const plan = json(r);
  expect(plan.ok).toBe(false);
  expect(JSON.stringify(plan.issues)).toMatch(/still/);
  expect(JSON.stringify(plan.issues)).toMatch(/aspect_ratio/);
  expect(requests.length).toBe(before);
});

test.each([
  ["a pipeline file outside the roots", () => ({ file: path.join(outside, "teasers.yaml"), outDir: path.join(root, "o1") })],
  ["an outDir outside the roots", () => ({ file: path.join(root, "teasers.yaml"), outDir: path.join(outside, "o2") })],
  ["an outDir through a symlink out of the roots", () => ({ file: path.join(root, "teasers.yaml"), outDir: path.join(root, "escape/o3") })],
  ["a relative path", () => ({ file: "teasers.yaml", outDir: path.join(root, "o4") })],
  ["/etc/passwd", () => ({ file: "/etc/passwd", outDir: path.join(root, "o5") })],
])("refuses %s, touching nothing", async (_name, args) => {
  const before = requests.length;
  const r = (await mcp.client.callTool({ name: "run_pipeline", arguments: args() })) as any;
  expect(r.isError).toBe(true);
  expect(text(r)).toMatch(/^run_pipeline refused: /);
  expect(requests.length).toBe(before);
  expect(fs.readdirSync(outside).sort()).toEqual(["teasers.yaml"]);
});

test("a pipeline file outside the roots is refused alike whether it exists or not: no probing for files there", async () => {
  const call = async (file: string) => text((await mcp.client.callTool({ name: "run_pipeline", arguments: { file, outDir: path.join(root, "o6") } })) as any);
  const exists = await call(path.join(outside, "teasers.yaml"));
  expect(exists).toMatch(/is outside the folders run_pipeline may use/);
  expect((await call(path.join(outside, "missing.yaml"))).replace("missing.yaml", "teasers.yaml")).toBe(exists);
  expect(await call(path.join(root, "missing.yaml"))).toMatch(/file .*missing\.yaml: no such file/);
});

test.each([
  ["a step folder", "runs/a"],
  [".pipeline", "runs/b"],
])("refuses an outDir whose %s links outside it, sending and writing nothing", async (_name, dir) => {
  const before = requests.length;
  const r = (await mcp.client.callTool({ name: "run_pipeline", arguments: { file: path.join(root, "teasers.yaml"), outDir: path.join(root, dir) } })) as any;
  expect(r.isError).toBe(true);
  expect(text(r)).toMatch(/outDir: .* is a link that leads outside .*remove the link, or choose another out folder/);
  expect(requests.length).toBe(before);
  expect(fs.readdirSync(elsewhere)).toEqual([]);
});

test("keeps a manifest.json it did not write (a web app's): refused, saying what to do, sending nothing", async () => {
  const before = requests.length;
  const r = (await mcp.client.callTool({ name: "run_pipeline", arguments: { file: path.join(root, "teasers.yaml"), outDir: path.join(root, "web") } })) as any;
  expect(r.isError).toBe(true);
  expect(text(r)).toMatch(/manifest\.json was not written by this pipeline .*choose another out folder, or remove the file/);
  expect(fs.readFileSync(path.join(root, "web/manifest.json"), "utf8")).toBe('{"name":"My PWA","icons":[]}\n');
  expect(fs.readdirSync(path.join(root, "web"))).toEqual(["manifest.json"]);
  expect(requests.length).toBe(before);
});

test.each([".env", "diary.txt", "env-link.yaml"])("refuses %s as the pipeline file (only .yaml, .yml, .json), never quoting it", async (name) => {
  const r = (await mcp.client.callTool({ name: "run_pipeline", arguments: { file: path.join(root, name), dryRun: true } })) as any;
  expect(r.isError).toBe(true);
  expect(text(r)).toMatch(/^run_pipeline refused: file must be a pipeline file ending in \.yaml, \.yml, \.json \(got /);
  expect(text(r)).not.toContain(SECRET);
});

test("a YAML file that is not a pipeline is described, not quoted", async () => {
  const r = (await mcp.client.callTool({ name: "run_pipeline", arguments: { file: path.join(root, "config.yaml"), dryRun: true } })) as any;
  expect(json(r).ok).toBe(false);
  expect(text(r)).toMatch(/config\.yaml is not a pipeline: it has no steps/);
  for (const s of [SECRET, "hunter2", "password"]) expect(text(r)).not.toContain(s);
});

test("refuses a pipeline file over 10 MiB from its size, without reading it", async () => {
  const t0 = Date.now();
  const r = (await mcp.client.callTool({ name: "run_pipeline", arguments: { file: path.join(root, "big.yaml"), dryRun: true } })) as any;
  expect(r.isError).toBe(true);
  expect(text(r)).toMatch(/^run_pipeline refused: file .*big\.yaml is 11\.0 MiB; a pipeline file may be at most 10 MiB/);
  expect(Date.now() - t0).toBeLessThan(5000);
});
