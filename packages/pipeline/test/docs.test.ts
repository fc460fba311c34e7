// The Pipelines guide: its YAML samples are the files in docs/examples/pipelines/ (byte for byte),
// and they run against the mock through the CLI; the dry-run error it shows is the one printed.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { type Bench, bench } from "./helpers.js";

const root = path.resolve(import.meta.dirname, "../../..");
const samples = path.join(root, "docs/examples/pipelines");
const guide = fs.readFileSync(path.join(root, "docs/guides/08-pipelines.md"), "utf8");
const bin = path.join(root, "packages/cli/dist/cli.js");
let b: Bench;

beforeAll(async () => {
  b = await bench(300);
  fs.cpSync(samples, path.join(b.dir, "pipelines"), { recursive: true });
});
afterAll(async () => b?.close());

function monet(args: string[]) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd: path.join(b.dir, "pipelines"),
      env: { ...process.env, MONET_API_KEY: "monet_docs_pipelines", MONET_BASE_URL: b.mock.url, MONET_POLL_INTERVAL: "100" },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

test("every YAML block of the guide is a sample file, and every sample pipeline is in the guide", () => {
  const blocks = [...guide.matchAll(/```yaml\n# docs\/examples\/pipelines\/(\S+)\n([\s\S]*?)```/g)];
  expect(blocks.map((m) => m[1]).sort()).toEqual(
    fs
      .readdirSync(samples)
      .filter((f) => f.endsWith(".yaml"))
      .sort(),
  );
  for (const [, name, body] of blocks) expect(body).toBe(fs.readFileSync(path.join(samples, name), "utf8"));
});

test("product-teasers.yaml (the issue's example) runs against the mock", async () => {
  const r = await monet(["pipeline", "run", "product-teasers.yaml", "--out", "teasers"]);
  expect(r.code, r.stderr).toBe(0);
  for (const f of ["still/1.png", "still/2.png", "clip/1.mp4", "clip/2.mp4", "jingle/jingle.mp3"])
    expect(fs.existsSync(path.join(b.dir, "pipelines/teasers", f)), f).toBe(true);
}, 60_000);

test("catalog.yaml: 50 CSV items with local reference images, two uploads for two distinct files", async () => {
  const before = b.mock.state.files.list(b.mock.url).length;
  const r = await monet(["pipeline", "run", "catalog.yaml", "--out", "catalog"]);
  expect(r.code, r.stderr).toBe(0);
  const m = JSON.parse(fs.readFileSync(path.join(b.dir, "pipelines/catalog/manifest.json"), "utf8"));
  expect(m.summary).toEqual({ total: 100, succeeded: 100, failed: 0, skipped: 0 });
  expect(b.mock.state.files.list(b.mock.url).length - before).toBe(2);
  expect(fs.readdirSync(path.join(b.dir, "pipelines/catalog/clip"))).toHaveLength(50);
  expect(fs.existsSync(path.join(b.dir, "pipelines/catalog/still/sku-050.png"))).toBe(true);
}, 120_000);

test("--dry-run prints the guide's error for a wrong value in the second item", async () => {
  const csv = path.join(b.dir, "pipelines/products.csv");
  fs.writeFileSync(csv, fs.readFileSync(csv, "utf8").replace(/^(sku-002,.*),5$/m, "$1,7"));
  const tasks = b.mock.state.tasks.size;
  const r = await monet(["pipeline", "run", "catalog.yaml", "--dry-run"]);
  expect(r.code).toBe(2);
  const shown = /```text\n(\S+: error: .*)\n```/.exec(guide)![1];
  expect(r.stderr.split("\n")).toContain(shown);
  expect(b.mock.state.tasks.size).toBe(tasks);
});
