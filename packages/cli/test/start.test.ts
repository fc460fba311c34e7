// What a command loads: the pipeline (with its YAML and CSV parsers, about half of the CLI's start
// before) loads only for a pipeline command, so `monet get`, `models` and the rest start without
// it. Node's own module hooks record every module the real CLI loads.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, expect, test } from "vitest";
import { bin } from "./run.js";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "monet-cli-start-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

// Loaded before the CLI: every module URL Node loads goes to the file named by MONET_TEST_LOADED.
const hooks = path.join(dir, "record-loads.mjs");
fs.writeFileSync(
  hooks,
  `import fs from "node:fs";
import { registerHooks } from "node:module";
registerHooks({
  load(url, context, next) {
    fs.appendFileSync(process.env.MONET_TEST_LOADED, url + "\\n");
    return next(url, context);
  },
});
`,
);

/** The module URLs the CLI loaded running `args`, and its exit code. */
function loaded(args: string[]): { code: number | null; urls: string[] } {
  const out = path.join(dir, `loaded-${Math.random().toString(36).slice(2)}.txt`);
  fs.writeFileSync(out, "");
  const r = spawnSync(process.execPath, ["--import", hooks, bin, ...args], {
    cwd: dir,
    env: { ...process.env, MONET_TEST_LOADED: out },
    encoding: "utf8",
  });
  return { code: r.status, urls: fs.readFileSync(out, "utf8").split("\n").filter(Boolean) };
}

const pipelineEntry = (u: string) => /\/pipeline\/dist\/index\.js$/.test(u);
const yaml = (u: string) => /\/node_modules\/(\.pnpm\/[^/]+\/node_modules\/)?yaml\//.test(u);

test("a command other than pipeline loads neither the pipeline nor its YAML parser", () => {
  const r = loaded(["--json", "models"]);
  expect(r.code).toBe(0);
  expect(r.urls.some((u) => u.endsWith("/cli/dist/cli.js"))).toBe(true);
  // The --concurrency flag's rule comes from the pipeline's small concurrency entry.
  expect(r.urls.some((u) => /\/pipeline\/dist\/concurrency\.js$/.test(u))).toBe(true);
  expect(r.urls.filter(pipelineEntry)).toEqual([]);
  expect(r.urls.filter(yaml)).toEqual([]);
});

test("a pipeline command loads them (so the check above can fail)", () => {
  const file = path.join(dir, "p.yaml");
  fs.writeFileSync(file, "name: start\nsteps:\n  cat:\n    type: image\n    input: { model: flux-2-dev, prompt: a cat }\n");
  const r = loaded(["--json", "pipeline", "run", file, "--dry-run"]);
  expect(r.code).toBe(0);
  expect(r.urls.filter(pipelineEntry)).toHaveLength(1);
  expect(r.urls.filter(yaml).length).toBeGreaterThan(0);
});
