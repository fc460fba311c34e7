// The pipeline JSON Schema: generated from the spec (every model id and each model's fields), in
// step with a fresh generation, held to Ajv's verdicts, and used by --dry-run.
import fs from "node:fs";
import path from "node:path";
import { Ajv } from "ajv";
import { expect, test } from "vitest";
import { parse } from "yaml";
import { dryRun, pipelineSchema } from "../src/index.js";
import { checkAgainstSchema } from "../src/schema-check.js";
import { bench, EXAMPLE } from "./helpers.js";

const root = path.resolve(import.meta.dirname, "../../..");
const spec = JSON.parse(fs.readFileSync(path.join(root, "openapi/dist/openapi.json"), "utf8"));
const shipped = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, "../schema/pipeline.schema.json"), "utf8"));

test("the shipped schema is the one the package checks with, and names every model of the spec with its fields", () => {
  expect(pipelineSchema).toEqual(shipped);
  for (const type of ["video", "image", "music"]) {
    const mapping = spec.components.schemas[`${type[0].toUpperCase()}${type.slice(1)}Input`].discriminator.mapping as Record<string, string>;
    expect(shipped.definitions[`${type}Input`].properties.model.anyOf[0].enum.sort()).toEqual(Object.keys(mapping).sort());
    for (const [id, ref] of Object.entries(mapping)) {
      const own = spec.components.schemas[ref.split("/").pop()!];
      const def = shipped.definitions[`${type}.${id}`];
      expect(Object.keys(def.properties).sort()).toEqual(Object.keys(own.properties).sort());
      expect(def.required).toEqual(own.required);
    }
  }
});

const docs: [string, unknown, boolean][] = [
  ["the issue's example", parse(EXAMPLE), true],
  [
    "a referenced duration",
    { name: "a", items: [{ s: 5 }], steps: { c: { foreach: "items", type: "video", input: { model: "kling-2-6", prompt: "x", duration: "${{ item.s }}" } } } },
    true,
  ],
  [
    "items from a file",
    { name: "a", items: { file: "p.csv" }, steps: { s: { foreach: "items", type: "image", input: { model: "flux-2-dev", prompt: "x" } } } },
    true,
  ],
  ["local reference images", { name: "a", steps: { s: { type: "image", input: { model: "flux-kontext-pro", prompt: "x", images: ["./a.png"] } } } }, true],
  ["a wrong duration", { name: "a", steps: { c: { type: "video", input: { model: "kling-2-6", prompt: "x", duration: 7 } } } }, false],
  ["a field of another model", { name: "a", steps: { c: { type: "image", input: { model: "flux-2-dev", prompt: "x", images: [] } } } }, false],
  ["a model of another type", { name: "a", steps: { c: { type: "music", input: { model: "sora-2", prompt: "x" } } } }, false],
  ["an empty prompt", { name: "a", steps: { c: { type: "image", input: { model: "flux-2-dev", prompt: "" } } } }, false],
  ["a prompt too long", { name: "a", steps: { c: { type: "music", input: { model: "minimax-music", prompt: "x".repeat(301) } } } }, false],
  ["no name", { steps: { c: { type: "music", input: { model: "minimax-music", prompt: "x" } } } }, false],
  ["an unknown top-level field", { name: "a", stepz: {}, steps: { c: { type: "music", input: { model: "minimax-music", prompt: "x" } } } }, false],
  ["a step name with a slash", { name: "a", steps: { "a/b": { type: "music", input: { model: "minimax-music", prompt: "x" } } } }, false],
  ["a wrong foreach", { name: "a", steps: { c: { foreach: "rows", type: "music", input: { model: "minimax-music", prompt: "x" } } } }, false],
  ["concurrency 0", { name: "a", concurrency: 0, steps: { c: { type: "music", input: { model: "minimax-music", prompt: "x" } } } }, false],
  ["too many reference images", { name: "a", steps: { c: { type: "image", input: { model: "wan-2-5", prompt: "x", images: ["a", "b", "c"] } } } }, false],
];

const ajv = new Ajv({ allErrors: true, strict: false }).compile(shipped);

test.each(docs)("the schema check agrees with Ajv: %s", (_, doc, valid) => {
  const ajvSays = ajv(doc);
  const issues = checkAgainstSchema(shipped, doc);
  expect(ajvSays).toBe(valid);
  expect(issues.length === 0).toBe(valid);
});

test("--dry-run reports a wrong literal once, naming step and field, and a wrong referenced value per item", async () => {
  const b = await bench();
  try {
    const file = b.write(
      "p.yaml",
      `name: x
items: [{ s: 5 }, { s: 7 }, { s: 10 }]
steps:
  clip:
    foreach: items
    type: video
    input: { model: kling-2-6, prompt: x, duration: "\${{ item.s }}", aspect_ratio: "4:3" }
`,
    );
    const r = dryRun(file);
    expect(r.ok).toBe(false);
    expect(r.issues).toEqual([
      expect.objectContaining({ step: "clip", field: "aspect_ratio", message: 'steps.clip.input.aspect_ratio must be one of 1:1, 16:9, 9:16 (got "4:3")' }),
      expect.objectContaining({ step: "clip", item: "2", field: "duration", message: "step clip, item 2: input.duration must be one of 5, 10 (got 7)" }),
    ]);
  } finally {
    await b.close();
  }
});
