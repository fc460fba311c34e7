// validateInput agrees with the spec's JSON Schema (Ajv) on every example and every case of the
// spec tests, and names the same field.
import { describe, expect, test } from "vitest";
import { fullInput, invalidCases, minimalInput, wrongTypeCases } from "../../../test/support/cases.ts";
import { readSeedModels } from "../../../test/support/seed.ts";
import { errorFields, modelSchemaName, schemas, spec, validator } from "../../../test/support/spec.ts";
import { validateInput } from "../src/validate.js";

// Today's rules, read from the spec: a rule changed there changes these expectations with it.
const SORA_DURATION: number[] = schemas.VideoSora2Input.properties.duration.enum;
// The docs site the spec names (its root's externalDocs), with its trailing slash.
const DOCS_SITE: string = spec.externalDocs.url.replace(/\/?$/, "/");

const seed = readSeedModels();

describe.each(seed)("$type model $id", (m) => {
  const ajv = validator(modelSchemaName(m.type, m.id));
  test("valid inputs: the spec's examples, the minimal and the full input", () => {
    for (const input of [...schemas[modelSchemaName(m.type, m.id)].examples, minimalInput(m), fullInput(m)]) {
      expect(ajv(input)).toBe(true);
      expect(validateInput(m.type, input)).toEqual([]);
    }
  });
  test.each(invalidCases([m]))("$name: both reject and name $field", (c) => {
    expect(ajv(c.input)).toBe(false);
    const issues = validateInput(c.type, c.input);
    expect(issues.map((i) => i.path.replace(/\[\d+\]$/, ""))).toContain(c.field);
    expect(errorFields(ajv.errors)).toContain(c.field);
    for (const i of issues) expect(i.message).toContain(i.path || "input");
  });
});

test.each(wrongTypeCases(seed))("$model under type $type: rejected, and the message names its real type", (c) => {
  const issues = validateInput(c.type, c.input);
  expect(issues).toHaveLength(1);
  expect(issues[0].path).toBe("model");
  const real = seed.filter((s) => s.id === c.model).map((s) => s.type);
  for (const t of real) expect(issues[0].message).toContain(`${t} model`);
});

test("messages say what was given and what is allowed", () => {
  const [i] = validateInput("video", { model: "sora-2", prompt: "x", duration: 5 });
  expect(i).toMatchObject({ path: "duration", received: 5, allowed: SORA_DURATION });
  // sora-2's duration carries the spec's x-monet-docs: the reference's quick start sends it 5.
  // The link is whole, on the spec's docs site (its externalDocs), not a bare #/... (s19 audit F8).
  expect(i.message).toBe(`duration must be one of ${SORA_DURATION.join(", ")} (got 5); see the docs: ${DOCS_SITE}#/quick-start/why-duration-10-not-5`);
  // A docsUrl given (the mock's own site) still wins.
  expect(validateInput("video", { model: "sora-2", prompt: "x", duration: 5 }, { docsUrl: "http://127.0.0.1:4000/" })[0].message).toContain(
    "see the docs: http://127.0.0.1:4000/#/quick-start/",
  );
  expect(validateInput("film", { model: "sora-2" })[0].path).toBe("type");
  expect(validateInput("video", null)[0].path).toBe("");
  const paths = validateInput("video", { model: "sora-2", images: ["not a url", "https://ok.example/a.png"] }).map((i) => i.path);
  expect(paths.sort()).toEqual(["images[0]", "prompt"]);
});

test("every problem is reported, not only the first", () => {
  const issues = validateInput("video", { model: "sora-2", duration: 5, aspect_ratio: "1:1", colour: "red" });
  expect(issues.map((i) => i.path).sort()).toEqual(["aspect_ratio", "colour", "duration", "prompt"]);
});
