// A contributor's slips in the spec fail `generate`, naming the file and field, instead of reaching
// the catalog, the guide and MCP (s17 contributor audit F3, F6): an example its schema refuses,
// and a model's output length written twice. Each case edits a copy of openapi/src in a temporary
// folder and runs the spec bundle and the model catalog generators there.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, expect, test } from "vitest";
import { writeBundle } from "../../scripts/bundle.mjs";
import { generateModels } from "../../scripts/gen-models.mjs";
import { editedSpec } from "../support/spec-copy.ts";

const tmps: string[] = [];
afterEach(() => {
  for (const t of tmps.splice(0)) fs.rmSync(t, { recursive: true, force: true });
});

/** A copy of the spec with `edit(text)` applied to `file` (relative to openapi/src); the copy's root. */
function specWith(file: string, edit: (text: string) => string): string {
  const root = editedSpec("monet-spec-mistake-", file, edit);
  tmps.push(root);
  return root;
}

const generate = (root: string) => {
  writeBundle(path.join(root, "openapi/src"), path.join(root, "openapi/dist"));
  generateModels({ root, out: root });
};

test("an enum value removed while a model's example still uses it fails generate, naming the file and field", () => {
  const root = specWith("models/image/gpt-4o.yaml", (t) => t.replace('      - "4:3"\n', ""));
  expect(() => generate(root)).toThrow(/openapi\/src\/models\/image\/gpt-4o\.yaml: examples\[0\]\.aspect_ratio must be one of 1:1, .* \(got "4:3"\)/);
});

test("an operation's example outside its parameter's bound fails generate, naming the file", () => {
  const root = specWith("parameters/PageSize.yaml", (t) => t.replace(/value: \d+$/m, "value: 100000"));
  expect(() => generate(root)).toThrow(/openapi\/src\/parameters\/PageSize\.yaml: parameters\.examples\.twenty must be <= \d+ \(got 100000\)/);
});

test("the catalog's output length follows the duration enum: a new length is in it, without a second edit", async () => {
  const root = specWith("models/video/sora-2.yaml", (t) => t.replace("      - 15\n", "      - 15\n      - 20\n"));
  generate(root);
  const { catalog } = await import(pathToFileURL(path.join(root, "packages/models/src/generated/catalog.ts")).href);
  const sora = catalog().find((m: { id: string }) => m.id === "sora-2");
  expect(sora.durationSeconds).toEqual({ min: 10, max: 20, choices: [10, 15, 20] });
});

test("x-monet-model.durationSeconds written beside a duration field fails generate, naming the file", () => {
  const root = specWith("models/video/sora-2.yaml", (t) =>
    t.replace("  generatesAudio: true\n", "  durationSeconds:\n    min: 10\n    max: 15\n  generatesAudio: true\n"),
  );
  expect(() => generate(root)).toThrow(/openapi\/src\/models\/video\/sora-2\.yaml: x-monet-model\.durationSeconds .* restates the duration field's enum/);
});
