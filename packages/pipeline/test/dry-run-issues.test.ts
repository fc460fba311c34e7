// s13 CLI audit L7: the dry run lists each problem once, as the run would (a missing required input
// was said twice: by the schema at the input's path, then by the catalog at the field's), and the
// documented `items: { file }` form is never reported as "items must be a list".
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Monet } from "@monet-ai/client";
import { afterAll, beforeAll, expect, test } from "vitest";
import { dryRun, PipelineFileError, runPipeline } from "../src/index.js";

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "monet-dry-run-issues-"));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const write = (name: string, text: string) => {
  fs.writeFileSync(path.join(dir, name), text);
  return path.join(dir, name);
};

test("a missing prompt and a duration not allowed: two issues, each once, with its step and field, as the real run lists them", async () => {
  const file = write(
    "bad.yaml",
    "name: bad\nsteps:\n  a:\n    type: image\n    input: { model: flux-2-dev }\n  b:\n    type: video\n    input: { model: sora-2, prompt: x, duration: 12 }\n",
  );
  const r = dryRun(file);
  expect(r.ok).toBe(false);
  expect(r.issues.map((i) => [i.path, i.step, i.field])).toEqual([
    ["steps.a.input.prompt", "a", "prompt"],
    ["steps.b.input.duration", "b", "duration"],
  ]);
  // The run refuses the same two, before any request (nothing listens at this base).
  const client = new Monet({ apiKey: "monet_dry", baseUrl: "http://127.0.0.1:9" });
  const e = await runPipeline(file, { client, outDir: path.join(dir, "out") }).catch((x) => x);
  expect(e).toBeInstanceOf(PipelineFileError);
  expect(e.issues.map((i: { path: string }) => i.path)).toEqual(r.issues.map((i) => i.path));
});

test("items: { file } is the documented form: a wrong extension or a file outside the folder is said as such, never 'must be a list'", () => {
  fs.mkdirSync(path.join(dir, "inner"), { recursive: true });
  const outside = write(
    "inner/out.yaml",
    'name: out\nitems: { file: ../env.sh }\nsteps:\n  a: { foreach: items, type: image, input: { model: flux-2-dev, prompt: "x" } }\n',
  );
  const issues = dryRun(outside).issues;
  expect(issues.map((i) => i.message).join("\n")).not.toMatch(/must be a list/);
  expect(issues.map((i) => i.path)).toEqual(["items.file", "items.file"]);
  expect(issues[1].message).toMatch(/must stay inside the pipeline file's folder/);
  write("products.csv", "id,product\n1,kite\n");
  const fine = write(
    "fine.yaml",
    'name: fine\nitems: { file: products.csv }\nsteps:\n  a: { foreach: items, type: image, input: { model: flux-2-dev, prompt: "x" } }\n',
  );
  expect(dryRun(fine)).toMatchObject({ ok: true, issues: [] });
  // Neither an object nor a list: the first form's words.
  const number = write("number.yaml", 'name: n\nitems: 3\nsteps:\n  a: { foreach: items, type: image, input: { model: flux-2-dev, prompt: "x" } }\n');
  expect(dryRun(number).issues[0].message).toMatch(/^items must be a list/);
});
