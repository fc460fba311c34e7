// warnIfDeprecated over the real catalog: no model is deprecated today, so nothing warns and nothing
// that is not a model id (a number, `__proto__`, a model of another type) is taken for one. The
// deprecated case is test/spec/model-deprecation.test.ts, on a spec copy that deprecates a model.
import { expect, test } from "vitest";
import { listModels, validateInput, warnIfDeprecated } from "../src/index.ts";

test("no catalog model is deprecated, and no create of one warns", () => {
  const warnings: string[] = [];
  const warn = (m: string) => warnings.push(m);
  for (const m of listModels()) {
    expect(m.deprecated, m.id).toBeUndefined();
    expect(warnIfDeprecated(m.type, m.id, warn), m.id).toBe(false);
    validateInput(m.type, m.example, { onDeprecated: warn });
  }
  for (const odd of [undefined, 42, "__proto__", "constructor", "hasOwnProperty"]) expect(warnIfDeprecated("video", odd, warn)).toBe(false);
  expect(warnIfDeprecated("__proto__", "sora-2", warn)).toBe(false);
  expect(warnings).toEqual([]);
});
