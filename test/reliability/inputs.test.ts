// Property tests: inputs generated for every model, valid and invalid. The client sends exactly
// those the spec accepts (Ajv), and every refusal names a field the spec names too.

import { InputValidationError, Monet } from "@monet-ai/client";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { readSeedModels, type SeedField, type SeedModel } from "../support/seed.ts";
import { errorFields, modelSchemaName, validator } from "../support/spec.ts";
import { record } from "./summary.ts";

const seed = readSeedModels();
let sent = 0;
// No server needed: a request that gets out is counted and answered at once.
const monet = new Monet({
  apiKey: "monet_props",
  baseUrl: "http://127.0.0.1:9",
  maxRetries: 0,
  fetch: async () => {
    sent++;
    return new Response("{}", { status: 599 });
  },
});
const anything = fc.oneof(fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 3 }));
const url = fc.webUrl();

function fieldValue(f: SeedField) {
  const near: fc.Arbitrary<unknown>[] = [anything];
  if (f.kind === "enum") near.push(fc.constantFrom(...f.enum!));
  if (f.kind === "string") near.push(fc.string({ maxLength: (f.maxLength ?? 50) + 5 }));
  if (f.kind === "number") near.push(fc.double({ min: (f.minimum ?? 0) - 2, max: (f.maximum ?? 1) + 2, noNaN: true }));
  if (f.kind === "boolean") near.push(fc.boolean());
  if (f.kind === "string[]") near.push(fc.array(url, { maxLength: (f.maxItems ?? 3) + 2 }), fc.array(fc.oneof(url, fc.string()), { maxLength: 3 }));
  return fc.oneof(...near);
}

function inputs(m: SeedModel) {
  const fields = Object.fromEntries(m.fields.map((f) => [f.name, fieldValue(f)]));
  const extra = fc.option(fc.dictionary(fc.constantFrom("colour", "seed", "fps"), anything, { maxKeys: 1 }), { nil: undefined });
  return fc.tuple(fc.record(fields, { requiredKeys: [] }), extra).map(([r, x]) => ({ model: m.id, ...r, ...(x ?? {}) }));
}

const counts = { cases: 0 };
describe.each(seed)("$type model $id", (m) => {
  const ajv = validator(modelSchemaName(m.type, m.id));
  test("the client sends an input exactly when the spec accepts it, and names the fields it refuses", async () => {
    await fc.assert(
      fc.asyncProperty(inputs(m), async (input) => {
        counts.cases++;
        const before = sent;
        const err = await monet.tasks.create({ type: m.type, input } as never).then(
          () => undefined,
          (e) => e,
        );
        const specOk = ajv(input);
        const specFields = new Set(errorFields(ajv.errors));
        if (specOk) return sent === before + 1 && !(err instanceof InputValidationError);
        if (!(err instanceof InputValidationError) || sent !== before) return false;
        return err.issues.every(
          (i) => specFields.has(i.path.replace(/^input\./, "")) || specFields.has(i.path.replace(/^input\./, "").replace(/\[\d+\]$/, "")),
        );
      }),
      { numRuns: 60, seed: 42 },
    );
  });
});

test("summary", () => {
  expect(counts.cases).toBeGreaterThan(2000);
  record({ suite: "bad input (fast-check)", cases: counts.cases, tasksCreated: 0, tasksExpected: 0, secretsLeaked: 0 });
});
