// "Did you mean": one function suggests for every surface (the client's validator, the mock, the
// CLI's flags and model ids, MCP). The typos are those of the new user's audit (s17, F6).
import { expect, test } from "vitest";
import { closest, didYouMean, listModels, validateInput } from "../src/index.js";

const ids = (type: "video" | "image") => listModels({ type }).map((m) => m.id);

test.each([
  ["kling-26", "video", ["kling-2-6"]],
  ["kling26", "video", ["kling-2-6"]],
  ["sora2", "video", ["sora-2"]],
  ["imagen4", "image", ["imagen-4-0"]],
  ["flux-2-dve", "image", ["flux-2-dev"]],
  ["no-such-model", "image", []],
] as const)("%s: %j", (typed, type, near) => {
  expect(closest(typed, ids(type))).toEqual(near);
});

test("case and separators are one name's spellings: a flag, a snake_case field, a camelCase argument", () => {
  expect(closest("promt", ["prompt", "images", "aspect_ratio"])).toEqual(["prompt"]);
  expect(closest("aspectRatio", ["prompt", "aspect_ratio"])).toEqual(["aspect_ratio"]);
  expect(closest("task_id", ["taskId", "wait"])).toEqual(["taskId"]);
  expect(didYouMean("Sora2", ids("video"))).toBe("; did you mean sora-2?");
  expect(didYouMean("xyz", ids("video"))).toBe("");
});

test("the validator names the closest field and model id", () => {
  const [field] = validateInput("video", { model: "kling-2-6", prompt: "a cat", image: "https://example.com/a.png" });
  expect(field.message).toMatch(/^image is not a field of kling-2-6 \(did you mean images\?\); its fields are prompt, images, /);
  const [model] = validateInput("video", { model: "kling-26", prompt: "a cat" });
  expect(model.message).toMatch(/^model must be a video model \(did you mean kling-2-6\?\): one of /);
  // A model of another type says so, without a guess.
  expect(validateInput("image", { model: "sora-2", prompt: "x" })[0].message).not.toContain("did you mean");
});
