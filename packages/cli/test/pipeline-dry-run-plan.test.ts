// What `monet pipeline run --dry-run` prints for a budget: a model priced by a field the item leaves
// unset shows the range across its published rates (it said "unpublished"), a total line adds the
// column up, and with --out naming a folder a run wrote, a CREATE column and the header say how many
// tasks the run would create and how many it finds in the journal: only those it creates are priced.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startMockServer } from "@monet-ai/mock";
import { getModel } from "@monet-ai/models";
import { afterEach, expect, test } from "vitest";
import { monet } from "./run.ts";

let cwd: string;
afterEach(() => fs.rmSync(cwd, { recursive: true, force: true }));

const examples = path.join(import.meta.dirname, "../../../docs/examples");
const pricing = getModel("video", "kling-motion-control")?.pricing;
const length = getModel("video", "kling-motion-control")?.durationSeconds;
if (!pricing || !("rates" in pricing) || !length) throw new Error("kling-motion-control is priced by resolution in the catalog");
const rates = Object.values(pricing.rates as Record<string, number>);
/** Credits of `n` tasks across every published rate, as the CLI writes a range. */
const range = (n: number) => `${n * Math.min(...rates) * length.min}-${n * Math.max(...rates) * length.max}`;

const pipe = (ids: string[]) =>
  `name: plan\nitems: [${ids.map((id) => `{ id: ${id} }`).join(", ")}]\nsteps:\n  mc: { foreach: items, type: video, input: { model: kling-motion-control, prompt: dance, images: [c.png], videos: [d.mp4] } }\n  still: { type: image, input: { model: flux-2-dev, prompt: a still } }\n`;

test("--dry-run prices an unset resolution as the range across its rates and adds a total; with --out it counts and prices only the tasks to create", async () => {
  cwd = fs.mkdtempSync(path.join(os.tmpdir(), "monet-cli-dry-plan-"));
  fs.copyFileSync(path.join(examples, "character.png"), path.join(cwd, "c.png"));
  fs.copyFileSync(path.join(examples, "dance.mp4"), path.join(cwd, "d.mp4"));
  fs.writeFileSync(path.join(cwd, "p.yaml"), pipe(["a", "b"]));
  const mock = await startMockServer({ port: 0, taskDuration: 50 });
  try {
    const env = { MONET_API_KEY: "monet_cli_dry_plan", MONET_BASE_URL: mock.url };
    const plan = await monet(["pipeline", "run", "p.yaml", "--dry-run"], { cwd, env });
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toMatch(new RegExp(`^mc +video +kling-motion-control +2 +${range(2)}$`, "m"));
    expect(plan.stdout).toMatch(/^still +image +flux-2-dev +1 +unpublished$/m);
    expect(plan.stdout).toContain(`total: ${range(2)} credits (not counting flux-2-dev: no published pricing)`);

    const ran = await monet(["pipeline", "run", "p.yaml", "--out", "out"], { cwd, env });
    expect(ran.code, ran.stderr).toBe(0);
    fs.writeFileSync(path.join(cwd, "p.yaml"), pipe(["a", "b", "c"]));
    const again = await monet(["pipeline", "run", "p.yaml", "--out", "out", "--dry-run"], { cwd, env });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain("pipeline plan: 4 tasks (1 to create; 3 found in the journal of out, created no second time)");
    expect(again.stdout).toMatch(/^STEP +TYPE +MODEL +TASKS +CREATE +CREDITS$/m);
    expect(again.stdout).toMatch(new RegExp(`^mc +video +kling-motion-control +3 +1 +${range(1)}$`, "m"));
    expect(again.stdout).toMatch(/^still +image +flux-2-dev +1 +0 +0$/m);
    expect(again.stdout).toContain(`total: ${range(1)} credits for the 1 task to create`);
    expect(mock.state.tasks.size).toBe(3);
  } finally {
    await mock.close();
  }
}, 120_000);

test("--dry-run with no priced model says the total is unknown, not 0 credits (which reads as free)", async () => {
  cwd = fs.mkdtempSync(path.join(os.tmpdir(), "monet-cli-dry-unpriced-"));
  fs.writeFileSync(path.join(cwd, "p.yaml"), "name: unpriced\nsteps:\n  still: { type: image, input: { model: flux-2-dev, prompt: a still } }\n");
  const plan = await monet(["pipeline", "run", "p.yaml", "--dry-run"], { cwd, env: { MONET_API_KEY: "monet_cli_dry_unpriced" } });
  expect(plan.code, plan.stderr).toBe(0);
  expect(plan.stdout).toContain("total: unknown (no published pricing for flux-2-dev)");
  expect(plan.stdout).not.toMatch(/total: 0 credits/);
}, 60_000);

test("--dry-run --out a folder the run refuses (a web app's manifest.json there) exits 2 naming it, as the run does", async () => {
  cwd = fs.mkdtempSync(path.join(os.tmpdir(), "monet-cli-dry-plan-"));
  fs.writeFileSync(path.join(cwd, "p.yaml"), "name: plan\nsteps:\n  still: { type: image, input: { model: flux-2-dev, prompt: a still } }\n");
  fs.mkdirSync(path.join(cwd, "site"));
  fs.writeFileSync(path.join(cwd, "site", "manifest.json"), '{"name":"web app","icons":[]}');
  const env = { MONET_API_KEY: "monet_cli_dry_plan", MONET_BASE_URL: "http://127.0.0.1:9" };
  const plan = await monet(["pipeline", "run", "p.yaml", "--out", "site", "--dry-run"], { cwd, env });
  expect(plan.code, plan.stderr).toBe(2);
  expect(plan.stdout).toBe("");
  expect(plan.stderr).toContain(`error: outDir: ${path.join(fs.realpathSync(cwd), "site", "manifest.json")} was not written by this pipeline`);
  expect(plan.stderr).toContain("1 problem in the pipeline file or its --out folder. Nothing was created.");
  const run = await monet(["pipeline", "run", "p.yaml", "--out", "site"], { cwd, env });
  expect(run.code).toBe(2);
  expect(run.stderr).toContain("was not written by this pipeline");
});
