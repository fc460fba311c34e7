// s21 audit F3: `--dry-run --out DIR` printed the plan and "Every input is valid" (exit 0) for a
// folder the run refuses before sending anything (a web app's manifest.json there, a step folder
// linking outside it, another pipeline's folder): a nightly job's CI check passed and the night's
// run exited 2. The dry run now reports what the run would refuse, in the run's words.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { InputValidationError, Monet } from "@monet-ai/client";
import { afterEach, expect, test } from "vitest";
import { dryRun, runPipeline } from "../src/index.js";

let dir: string;
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const pipeline = (name: string) =>
  `name: ${name}\nitems: [{ id: a }]\nsteps:\n  still: { foreach: items, type: image, input: { model: flux-2-dev, prompt: "x" } }\n`;

/** The run's refusal of `out` (before any request: the client's address answers nothing). */
async function runRefusal(file: string, out: string): Promise<string[]> {
  const client = new Monet({ apiKey: "monet_dry", baseUrl: "http://127.0.0.1:9" });
  const e = await runPipeline(file, { client, outDir: out }).catch((x) => x);
  expect(e).toBeInstanceOf(InputValidationError);
  return (e as InputValidationError).issues.map((i) => i.message);
}

test.each([
  ["a manifest.json the pipeline did not write", (out: string) => fs.writeFileSync(path.join(out, "manifest.json"), '{"name":"web app","icons":[]}')],
  ["a step folder that links outside", (out: string) => fs.symlinkSync(os.tmpdir(), path.join(out, "still"))],
  ["a .pipeline folder that links outside", (out: string) => fs.symlinkSync(os.tmpdir(), path.join(out, ".pipeline"))],
  [
    "another pipeline's journal",
    (out: string) => {
      fs.mkdirSync(path.join(out, ".pipeline"));
      fs.writeFileSync(path.join(out, ".pipeline", "journal.jsonl"), '{"t":"pipeline","name":"other"}\n');
    },
  ],
])("a dry run into a folder holding %s reports what the run refuses (not ok), in the run's words", async (_, plant) => {
  dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "pipeline-dry-out-")));
  const file = path.join(dir, "p.yaml");
  fs.writeFileSync(file, pipeline("nightly"));
  const out = path.join(dir, "out");
  fs.mkdirSync(out);
  plant(out);
  const r = dryRun(file, undefined, { outDir: out });
  expect(r.ok).toBe(false);
  expect(r.issues.map((i) => i.path)).toEqual(["outDir"]);
  expect(r.issues.map((i) => i.message)).toEqual(await runRefusal(file, out));
});

test("a dry run into a folder that does not exist yet, or one this pipeline wrote, has no folder issue", () => {
  dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "pipeline-dry-out-")));
  const file = path.join(dir, "p.yaml");
  fs.writeFileSync(file, pipeline("nightly"));
  expect(dryRun(file, undefined, { outDir: path.join(dir, "new") })).toMatchObject({ ok: true, issues: [] });
  expect(fs.existsSync(path.join(dir, "new"))).toBe(false);
  const out = path.join(dir, "out");
  fs.mkdirSync(path.join(out, ".pipeline"), { recursive: true });
  fs.writeFileSync(path.join(out, ".pipeline", "journal.jsonl"), '{"t":"pipeline","name":"nightly"}\n');
  expect(dryRun(file, undefined, { outDir: out })).toMatchObject({ ok: true, issues: [], journal: { create: 1, reuse: 0, skip: 0 } });
});
