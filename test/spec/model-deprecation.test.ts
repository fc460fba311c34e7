// Deprecating a model is one edit in its spec file (s17 contributor audit F9): the standard
// `deprecated: true` plus, optionally, `x-monet-model.deprecation: { replacement, note }`. No model
// is deprecated today, so each case deprecates hailuo-01 in a copy of openapi/src (and of the
// models package's sources) in a temporary folder, generates there, and reads what a user sees:
// the catalog entry, the model guide, `monet models show`, MCP's list_models/describe_model
// entries, and the validator's one-time warning (what the client, CLI and MCP call before a create).
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, expect, test } from "vitest";
import { modelHelp } from "../../packages/cli/src/model-help.ts";
import { detailOf, summaryOf } from "../../packages/mcp/src/resources.ts";
import { writeBundle } from "../../scripts/bundle.mjs";
import { guide } from "../../scripts/gen-model-guide.mjs";
import { generateModels } from "../../scripts/gen-models.mjs";
import { readBundledSpec } from "../../scripts/spec-models.mjs";
import { editedSpec } from "../support/spec-copy.ts";

const tmps: string[] = [];
afterAll(() => {
  for (const t of tmps) fs.rmSync(t, { recursive: true, force: true });
});

const FILE = "models/video/hailuo-01.yaml";
const DEPRECATED = "additionalProperties: false\ndeprecated: true\n";
const DEPRECATION = "x-monet-model:\n  deprecation:\n    replacement: hailuo-02\n    note: Hailuo 02 replaces it.\n";

/** A copy of the spec and the models package's sources, `edit` applied to hailuo-01's file, generated; its root. */
function generated(edit: (text: string) => string): string {
  const root = editedSpec("monet-deprecate-", FILE, edit, ["packages/models/src"]);
  tmps.push(root);
  writeBundle(path.join(root, "openapi/src"), path.join(root, "openapi/dist"));
  generateModels({ root, out: root });
  return root;
}

const load = (root: string, file: string) => import(pathToFileURL(path.join(root, "packages/models/src", file)).href);

test("deprecated: true with a replacement and note reaches the catalog, the guide, monet models show and MCP", async () => {
  const root = generated((t) => t.replace("additionalProperties: false\n", DEPRECATED).replace("x-monet-model:\n", DEPRECATION));
  const { getModel, listModels } = await load(root, "catalog.ts");
  const m = getModel("video", "hailuo-01");
  expect(m.deprecated).toEqual({ replacement: "hailuo-02", note: "Hailuo 02 replaces it." });
  expect(
    listModels()
      .filter((x: { deprecated?: unknown }) => x.deprecated)
      .map((x: { id: string }) => x.id),
  ).toEqual(["hailuo-01"]);
  expect(getModel("video", "hailuo-02").deprecated).toBeUndefined();

  const page = guide(readBundledSpec(root), "video");
  expect(page).toContain("### Hailuo 01 · hailuo-01 (deprecated)");
  expect(page).toContain("> **Deprecated**: use `hailuo-02` instead. Hailuo 02 replaces it. Creating it still works, with a one-time warning.");
  expect(page).toMatch(/\| \*\*Hailuo 01\*\* `hailuo-01` \(deprecated\) \|/);

  expect(modelHelp(m)).toContain("\ndeprecated: use hailuo-02 instead. Hailuo 02 replaces it.\n");
  expect(summaryOf(m).deprecated).toEqual({ replacement: "hailuo-02", note: "Hailuo 02 replaces it." });
  expect(detailOf(m).deprecated).toEqual({ replacement: "hailuo-02", note: "Hailuo 02 replaces it." });
});

test("creating a deprecated model warns once per model id per process, never throws, and the input is still checked", async () => {
  const root = generated((t) => t.replace("additionalProperties: false\n", DEPRECATED).replace("x-monet-model:\n", DEPRECATION));
  const { validateInput } = await load(root, "validate.ts");
  const warnings: string[] = [];
  const onDeprecated = (m: string) => warnings.push(m);
  for (let i = 0; i < 3; i++) expect(validateInput("video", { model: "hailuo-01", prompt: "A cat" }, { onDeprecated })).toEqual([]);
  expect(warnings).toEqual(['[monet] model "hailuo-01" is deprecated; use "hailuo-02" instead. Hailuo 02 replaces it.']);
  expect(validateInput("video", { model: "hailuo-01" }, { onDeprecated }).map((i: { path: string }) => i.path)).toEqual(["prompt"]);
  validateInput("video", { model: "hailuo-02", prompt: "A cat" }, { onDeprecated });
  expect(warnings).toHaveLength(1);
});

test("deprecated: true alone: the catalog marks it with no replacement, and the warning says only that", async () => {
  const root = generated((t) => t.replace("additionalProperties: false\n", DEPRECATED));
  const { getModel } = await load(root, "catalog.ts");
  expect(getModel("video", "hailuo-01").deprecated).toEqual({});
  const { warnIfDeprecated } = await load(root, "deprecation.ts");
  const warnings: string[] = [];
  expect(warnIfDeprecated("video", "hailuo-01", (m: string) => warnings.push(m))).toBe(true);
  expect(warnIfDeprecated("image", "hailuo-01", (m: string) => warnings.push(m))).toBe(false);
  expect(warnings).toEqual(['[monet] model "hailuo-01" is deprecated']);
});

test("a deprecation the generator cannot honour fails generate, naming the file", () => {
  expect(() => generated((t) => t.replace("x-monet-model:\n", DEPRECATION))).toThrow(
    /openapi\/src\/models\/video\/hailuo-01\.yaml: x-monet-model\.deprecation needs deprecated: true/,
  );
  expect(() =>
    generated((t) => t.replace("additionalProperties: false\n", DEPRECATED).replace("x-monet-model:\n", DEPRECATION.replace("hailuo-02", "hailuo-99"))),
  ).toThrow(/hailuo-01\.yaml: x-monet-model\.deprecation\.replacement must be another video model id: one of .*hailuo-02.* \(got "hailuo-99"\)/);
});

test("no model of the repository's spec is deprecated today: the catalog and the warning table are empty of them", async () => {
  const { listModels } = await import("@monet-ai/models");
  expect(listModels().filter((m) => m.deprecated)).toEqual([]);
});
