// Data never makes validateInput throw or pass by accident: names that exist on every object
// (`__proto__`, `constructor`, `toString`...) are not types, models or fields, and any JSON at all
// gets a list of issues. Expectations come from the spec's task types and model ids.
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { readSeedModels } from "../../../test/support/seed.ts";
import { validateInput } from "../src/index.js";

const seed = readSeedModels();
const videoIds = seed.filter((m) => m.type === "video").map((m) => m.id);
const inherited = ["__proto__", "constructor", "toString", "hasOwnProperty", "valueOf", "isPrototypeOf", "__defineGetter__", "name", "length", "prototype"];

describe.each(inherited)("the name %j", (name) => {
  test("as a model: a clean issue naming model and every allowed id", () => {
    const issues = validateInput("video", JSON.parse(`{"model":${JSON.stringify(name)},"prompt":"x"}`));
    expect(issues).toHaveLength(1);
    expect(issues[0].path).toBe("model");
    expect(issues[0].allowed).toEqual(videoIds);
    expect(issues[0].message).toContain(`(got ${JSON.stringify(name)})`);
    for (const id of videoIds) expect(issues[0].message).toContain(id);
  });

  test("as a type (with any model): refused, naming the allowed types", () => {
    for (const model of ["name", "length", name, "sora-2"]) {
      const issues = validateInput(name, { model, prompt: "x" });
      expect(issues).toEqual([expect.objectContaining({ path: "type", allowed: ["video", "image", "music"] })]);
    }
  });

  test("as an input field: reported as unknown, never read from the prototype", () => {
    const input = JSON.parse(`{"model":"sora-2","prompt":"x",${JSON.stringify(name)}:1}`);
    const issues = validateInput("video", input);
    expect(issues.map((i) => i.path)).toEqual([name]);
  });
});

test("a required field or the model found only on the prototype counts as missing", () => {
  const input = Object.create({ model: "sora-2", prompt: "inherited" });
  expect(validateInput("video", input)[0]).toMatchObject({ path: "model", message: expect.stringMatching(/model is required/) });
  const own = Object.assign(Object.create({ prompt: "inherited" }), { model: "sora-2" });
  expect(validateInput("video", own)).toEqual([expect.objectContaining({ path: "prompt", message: "prompt is required for sora-2" })]);
});

test("values that cannot be turned into text are reported, not thrown on", () => {
  const bare = Object.create(null);
  expect(validateInput("video", { model: "sora-2", prompt: bare })[0].message).toMatch(/prompt must be text \(got an object\)/);
  expect(validateInput(bare as never, {})[0].path).toBe("type");
  expect(validateInput("video", { model: bare, prompt: "x" })[0].path).toBe("model");
});

describe("property: any JSON never throws", () => {
  const types = fc.oneof(fc.constantFrom("video", "image", "music", ...inherited), fc.string(), fc.jsonValue());
  const models = fc.oneof(fc.constantFrom(...seed.map((m) => m.id), ...inherited), fc.jsonValue());
  const inputs = fc.oneof(
    fc.jsonValue(),
    fc
      .record({ model: models }, { requiredKeys: [] })
      .chain((base) =>
        fc
          .dictionary(fc.oneof(fc.constantFrom("prompt", "images", "duration", "aspect_ratio", ...inherited), fc.string()), fc.jsonValue())
          .map((rest) => ({ ...rest, ...base })),
      ),
    // Parsed from text, so `__proto__` can be an own key.
    fc.tuple(models, fc.jsonValue()).map(([m, v]) => JSON.parse(`{"model":${JSON.stringify(m ?? null)},"__proto__":${JSON.stringify(v ?? null)}}`)),
  );

  test("validateInput returns a list of issues for every input", () => {
    fc.assert(
      fc.property(types, inputs, (type, input) => {
        const issues = validateInput(type as string, input);
        expect(Array.isArray(issues)).toBe(true);
        for (const i of issues) expect(typeof i.message).toBe("string");
      }),
      { numRuns: 3000 },
    );
  });

  test("only a known type and model of that type can pass", () => {
    const known = new Set(seed.map((m) => `${m.type}/${m.id}`));
    fc.assert(
      fc.property(types, inputs, (type, input) => {
        if (validateInput(type as string, input).length === 0) expect(known.has(`${type}/${(input as { model: string }).model}`)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });
});

describe("a hostile input gets a short answer, quickly", () => {
  // An audit sent 586 kB (300,000 bad list items) and got a 49 MB error back, built in 3.7 s.
  const many = Array.from({ length: 300_000 }, () => 0);

  test("a list past its size limit: its size first, then at most 20 problems in all", () => {
    const issues = validateInput("image", { model: "nano-banana-1", prompt: "x", images: many });
    expect(issues[0]).toEqual(expect.objectContaining({ path: "images", allowed: expect.stringMatching(/^<= \d+ items$/) }));
    expect(issues).toHaveLength(21);
  });

  test("300,000 bad items of a list without a size limit: the first 20 problems and a line that more were left out", () => {
    const issues = validateInput("video", { model: "sora-2", prompt: "x", images: many });
    expect(issues).toHaveLength(21);
    expect(issues.slice(0, 20).map((i) => i.path)).toEqual(Array.from({ length: 20 }, (_, i) => `images[${i}]`));
    expect(issues[20].message).toMatch(/more problems/);
  });

  test("300,000 unknown fields: the first 20 and a line that more were left out", () => {
    const input: Record<string, unknown> = { model: "flux-2-dev", prompt: "x" };
    for (let i = 0; i < 300_000; i++) input[`f${i}`] = 1;
    const issues = validateInput("image", input);
    expect(issues).toHaveLength(21);
    expect(JSON.stringify(issues).length).toBeLessThan(20_000);
  });
});

test("a model of another type is named with its article: an image model, a video model", () => {
  const video = seed.find((m) => m.type === "video")!.id;
  expect(validateInput("image", { model: video, prompt: "x" })[0].message).toMatch(new RegExp(`^model must be an image model: .*; ${video} is a video model`));
});
