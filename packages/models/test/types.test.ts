// The catalog's index of input types (by type, then model id) points at the spec's own generated
// types, the one type set the client shares: every model maps to its branch of its type's union.
import { execFileSync } from "node:child_process";
import path from "node:path";
import { expect, expectTypeOf, test } from "vitest";
import type { ImageModelId, InputOf, Inputs, ModelId, ModelType, MusicModelId, VideoModelId } from "../src/index.js";
import type * as Gen from "../src/spec.js";

type Mutual<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type GenInput<T extends ModelType> = T extends "video" ? Gen.VideoInput : T extends "image" ? Gen.ImageInput : Gen.MusicInput;
/** `true` only if every model's input is mutually assignable with the generated one. */
type AllAgree = {
  [T in ModelType]: { [Id in keyof Inputs[T]]: Mutual<Inputs[T][Id], Extract<GenInput<T>, { model: Id }>> }[keyof Inputs[T]];
}[ModelType];

test("type assertions (checked by tsc below)", () => {
  expectTypeOf<AllAgree>().toEqualTypeOf<true>();
  expectTypeOf<InputOf<"sora-2">>().toEqualTypeOf<Gen.VideoSora2Input>();
  expectTypeOf<InputOf<"wan-2-5", "image">>().toEqualTypeOf<Gen.ImageWan25Input>();
  expectTypeOf<InputOf<"wan-2-5">>().toEqualTypeOf<Gen.VideoWan25Input | Gen.ImageWan25Input>();
  expectTypeOf<ModelId>().toEqualTypeOf<VideoModelId | ImageModelId | MusicModelId>();
  expectTypeOf<MusicModelId>().toEqualTypeOf<"minimax-music">();
  // @ts-expect-error sora-2 takes 10 or 15 seconds, not 5
  const bad: InputOf<"sora-2"> = { model: "sora-2", prompt: "x", duration: 5 };
  // @ts-expect-error prompt is required
  const missing: InputOf<"sora-2"> = { model: "sora-2" };
  void [bad, missing];
});

test("the type tests compile (tsc --noEmit)", () => {
  const root = path.resolve(import.meta.dirname, "../../..");
  const tsc = path.join(root, "node_modules/typescript/bin/tsc");
  let out = "";
  try {
    execFileSync(process.execPath, [tsc, "--noEmit", "-p", path.resolve(import.meta.dirname, "../tsconfig.json")], { encoding: "utf8" });
  } catch (e) {
    out = String((e as { stdout?: string }).stdout ?? e);
  }
  expect(out).toBe("");
}, 180_000); // a whole tsc run, slow on a loaded machine
