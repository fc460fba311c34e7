// The spec says exactly what the reference says about every model: ids, types, fields, enums,
// bounds, defaults and metadata. Expectations come from the reference data (openapi/reference/).
import { describe, expect, test } from "vitest";
import { readSeedModels, type SeedField } from "../support/seed.ts";
import { modelSchemaName, schemas } from "../support/spec.ts";

const seed = readSeedModels();
// A model the spec has and the reference does not fails here first: say what to do.
const NEW_MODEL = 'the spec and the API reference (openapi/reference/models.json) list different models: see CONTRIBUTING.md, "Add a model", step 5';

test("the spec has as many models of each type as the reference", () => {
  for (const t of ["video", "image", "music"]) {
    const union = schemas[`${t[0].toUpperCase()}${t.slice(1)}Input`];
    expect(union.oneOf.length, `${t}: ${NEW_MODEL}`).toBe(seed.filter((m) => m.type === t).length);
  }
  expect(seed.length).toBeGreaterThan(0);
});

test("each type's union lists exactly the seed's models of that type", () => {
  for (const t of ["video", "image", "music"]) {
    const union = schemas[`${t[0].toUpperCase()}${t.slice(1)}Input`];
    const expected = seed
      .filter((m) => m.type === t)
      .map((m) => m.id)
      .sort();
    expect(Object.keys(union.discriminator.mapping).sort(), `${t}: ${NEW_MODEL}`).toEqual(expected);
    expect(union.oneOf.length).toBe(expected.length);
    expect(union.discriminator.propertyName).toBe("model");
  }
});

function expectedProperty(f: SeedField) {
  const p: Record<string, unknown> = {};
  if (f.kind === "enum") {
    p.type = typeof f.enum![0] === "number" ? "integer" : "string";
    p.enum = f.enum;
  } else if (f.kind === "string[]") {
    p.type = "array";
    // Every URL list shares one URL rule (see "one URL rule" below).
    p.items = { $ref: "#/components/schemas/MediaUrl" };
  } else p.type = f.kind;
  for (const k of ["default", "minItems", "maxItems", "maxLength", "minimum", "maximum"] as const) if (f[k] !== undefined) p[k] = f[k];
  return p;
}

describe.each(seed)("$type model $id", (m) => {
  const schema = schemas[modelSchemaName(m.type, m.id)];

  test("is a closed object whose model is the id", () => {
    expect(schema.type).toBe("object");
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.model.enum).toEqual([m.id]); // a one-value enum: every tool reads it
  });

  test("has the seed's fields, required ones, types, enums, bounds and defaults", () => {
    expect(Object.keys(schema.properties).sort()).toEqual(["model", ...m.fields.map((f) => f.name)].sort());
    expect([...schema.required].sort()).toEqual(["model", ...m.fields.filter((f) => f.required).map((f) => f.name)].sort());
    for (const f of m.fields) {
      const { description: _d, minLength: _min, ...rest } = schema.properties[f.name];
      // Vendor extensions (x-monet-docs: where a field's errors point) are ours, not the seed's.
      const actual = Object.fromEntries(Object.entries(rest).filter(([k]) => !k.startsWith("x-")));
      // Required strings are non-empty: the one rule we add on top of the seed.
      if (f.kind === "string" && _min !== undefined) expect(_min).toBe(1);
      expect({ field: f.name, ...actual }).toEqual({ field: f.name, ...expectedProperty(f) });
    }
  });

  test("carries the seed's metadata", () => {
    const meta = schema["x-monet-model"];
    expect(meta.name).toBe(m.name);
    for (const k of ["tagline", "useCases"]) expect(meta[k], k).toBeTruthy();
    // The output length is the duration field's rule where there is one (the catalog derives it),
    // and x-monet-model's own statement only for a model without the field.
    const field = schema.properties.duration;
    const length = field?.enum
      ? { min: Math.min(...field.enum), max: Math.max(...field.enum) }
      : field
        ? { min: field.minimum, max: field.maximum }
        : meta.durationSeconds;
    expect(length).toEqual(m.duration);
    if (field) expect(meta.durationSeconds, "x-monet-model.durationSeconds beside a duration field").toBeUndefined();
    if (!m.pricing) expect(meta.pricing).toBeUndefined();
    else if ("creditsPerSecond" in m.pricing) expect(meta.pricing).toEqual({ creditsPerSecond: m.pricing.creditsPerSecond });
    else expect(meta.pricing).toEqual({ creditsPerSecondBy: m.pricing.by, rates: m.pricing.rates });
    for (const k of ["provider", "family"]) expect(typeof meta[k]).toBe("string");
    // Who makes it is what the reference says: its name, its group's heading ("Flux (Black Forest
    // Labs)") or the introduction's line on its family ("Kling: Kuaishou's ..."), never outside knowledge.
    expect([m.name, m.heading, m.about].join(" "), "provider").toContain(meta.provider);
    // The description says the same (a tool shows it, not x-monet-model): the Hailuo models' said
    // "MiniMax", which the reference never does.
    expect(schema.description).toContain(`(${meta.name}, ${meta.provider})`);
  });
});

test("wan-2-5 is both a video and an image model, with different inputs", () => {
  const video = schemas[modelSchemaName("video", "wan-2-5")];
  const image = schemas[modelSchemaName("image", "wan-2-5")];
  expect(video).not.toEqual(image);
  expect(video.properties.duration).toBeDefined();
  expect(image.properties.duration).toBeUndefined();
});

test("one URL rule: MediaUrl is a uri limited to http(s), marked as inferred", () => {
  const url = schemas.MediaUrl;
  expect(url.type).toBe("string");
  expect(url.format).toBe("uri");
  expect(new RegExp(url.pattern, "u").test("https://example.com/a.png")).toBe(true);
  expect(new RegExp(url.pattern, "u").test("ftp://example.com/a.png")).toBe(false);
  expect(url["x-monet-inferred"]).toMatch(/\S/);
});
