// The catalog holds what the reference says about every model: expectations come from the
// reference data (openapi/reference/), not from the spec the catalog is generated from.
import { describe, expect, test } from "vitest";
import { readSeedModels } from "../../../test/support/seed.ts";
import { estimateCredits, getModel, listModels, withDefaults } from "../src/index.js";

const seed = readSeedModels();

test("every seed model is in the catalog, and nothing else", () => {
  const key = (m: { type: string; id: string }) => `${m.type}/${m.id}`;
  expect(listModels().map(key).sort()).toEqual(seed.map(key).sort());
});

describe.each(seed)("$type model $id", (s) => {
  const m = getModel(s.type, s.id)!;
  test("metadata", () => {
    expect(m.name).toBe(s.name);
    const { choices, ...bounds } = m.durationSeconds ?? { choices: undefined };
    expect(m.durationSeconds && bounds).toEqual(s.duration);
    // s13 CLI audit L5: a duration of listed values is given as those values, never as a range alone.
    const allowed = s.fields.find((f) => f.name === "duration")?.enum;
    expect(choices).toEqual(allowed && [...allowed].sort((a, b) => Number(a) - Number(b)));
    // Sound only where the reference says so; it never says a model is silent.
    expect(m.generatesAudio).toBe(s.audio);
    expect(m.provider.length).toBeGreaterThan(0);
  });
  test("fields: kinds, required, allowed values, bounds, defaults", () => {
    expect(m.fields.map((f) => f.name)).toEqual(s.fields.map((f) => f.name));
    for (const f of s.fields) {
      const c = m.fields.find((x) => x.name === f.name)!;
      expect(c.required, f.name).toBe(f.required);
      expect(c.kind === "integer" || c.kind === "number" ? "number" : c.kind, f.name).toBe(f.kind);
      for (const k of ["enum", "default", "minItems", "maxItems", "maxLength", "minimum", "maximum"] as const) expect(c[k], `${f.name}.${k}`).toEqual(f[k]);
    }
  });
  test("withDefaults fills exactly the seed's defaults", () => {
    const filled = withDefaults(s.type, { model: s.id } as { model: string });
    const expected = Object.fromEntries(s.fields.filter((f) => f.default !== undefined).map((f) => [f.name, f.default]));
    expect(filled).toEqual({ model: s.id, ...expected });
  });
  test("estimateCredits follows the seed's pricing, and never guesses", () => {
    const p = s.pricing;
    if (!p) expect(estimateCredits(s.type, { model: s.id }, 10)).toBeUndefined();
    else if ("creditsPerSecond" in p) expect(estimateCredits(s.type, { model: s.id }, 10)).toBe(p.creditsPerSecond * 10);
    else {
      for (const [res, rate] of Object.entries(p.rates)) expect(estimateCredits(s.type, { model: s.id, resolution: res }, 10)).toBe(rate * 10);
      expect(estimateCredits(s.type, { model: s.id }, 10)).toBeUndefined();
    }
    // No price for a length the model cannot make.
    if (p && s.duration) {
      const input = { model: s.id, resolution: "rates" in p ? Object.keys(p.rates)[0] : undefined };
      expect(estimateCredits(s.type, input, s.duration.min)).toBeGreaterThan(0);
      expect(estimateCredits(s.type, input, s.duration.max + 1)).toBeUndefined();
      expect(estimateCredits(s.type, input, s.duration.min - 1)).toBeUndefined();
    }
  });
});

test("wan-2-5 is a video and an image model, told apart by type", () => {
  expect(getModel("video", "wan-2-5")!.fields.some((f) => f.name === "duration")).toBe(true);
  expect(getModel("image", "wan-2-5")!.fields.some((f) => f.name === "duration")).toBe(false);
  expect(getModel("music", "wan-2-5")).toBeUndefined();
});

test("lookups by type, provider and feature", () => {
  for (const t of ["video", "image", "music"] as const)
    expect(listModels({ type: t }).map((m) => m.id)).toEqual(seed.filter((s) => s.type === t).map((s) => s.id));
  const withRefs = seed.filter((s) => s.type === "video" && s.fields.some((f) => f.name === "images")).map((s) => s.id);
  expect(listModels({ type: "video", feature: "reference-images" }).map((m) => m.id)).toEqual(withRefs);
  const withVideos = seed.filter((s) => s.fields.some((f) => f.name === "videos")).map((s) => s.id);
  expect(listModels({ feature: "reference-videos" }).map((m) => m.id)).toEqual(withVideos);
  expect(listModels({ provider: "google" }).every((m) => m.provider === "Google")).toBe(true);
  expect(listModels({ provider: "google" }).length).toBeGreaterThan(5);
});

test("every model's example is a valid input", async () => {
  const { validateInput } = await import("../src/validate.js");
  for (const m of listModels()) expect(validateInput(m.type, m.example), `${m.type}/${m.id}`).toEqual([]);
});
