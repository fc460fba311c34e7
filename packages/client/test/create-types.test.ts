// What the types of tasks.create/run/stream give a user, checked by compiling consumer code: a
// known model narrows `input` (the error lands on the wrong field), `type` must be the model's,
// a model newer than the SDK passes with a loose input; and what that costs the type checker.
import { listModels } from "@monet-ai/models";

const models = listModels();

import { expect, test } from "vitest";
import { readSeedModels } from "../../../test/support/seed.ts";
import { completionsAt, typecheck } from "./typecheck.js";

const header = `import { Monet } from "../src/index.js";\nconst monet = new Monet({ apiKey: "monet_x" });\n`;
// sora-2's durations, from the reference's model entry (a refreshed reference changes them here).
const soraDuration = readSeedModels()
  .find((m) => m.id === "sora-2")!
  .fields.find((f) => f.name === "duration")!.enum!;
const wrap = (lines: string[]) => `${header}export async function calls(someModel: string, blob: Blob) {\n${lines.join("\n")}\n}\n`;

test("a wrong call is an error on the field at fault, and only there", () => {
  // [call, the source text the error must point at]; facts from the API reference's model entries.
  const bad: [string, string][] = [
    [`await monet.tasks.create({ type: "video", input: { model: "sora-2", prompt: "x", duration: 5 } });`, "duration"], // not one of soraDuration
    [`await monet.tasks.create({ type: "video", input: { model: "sora-2", prompt: "x", aspect_ratio: "4:3" } });`, "aspect_ratio"], // 16:9 | 9:16
    [`await monet.tasks.create({ type: "video", input: { model: "sora-2", prompt: "x", colour: "red" } });`, "colour"], // no such field
    [`await monet.tasks.create({ type: "image", input: { model: "wan-2-5", prompt: "x", duration: 5 } });`, "duration"], // the image wan-2-5 has none
    [`await monet.tasks.create({ type: "video", input: { model: "flux-2-dev", prompt: "x" } });`, "type"], // an image model
    [`await monet.tasks.run({ type: "music", input: { model: "sora-2", prompt: "x" } });`, "type"], // a video model
    [`await monet.tasks.create({ type: "3d", input: { model: "new-3d", prompt: "x" } });`, "type"], // not a task type
    [`await monet.tasks.create({ type: "video", input: { model: "sora-2" } });`, "input"], // prompt is required
    [`for await (const _ of monet.tasks.stream({ type: "video", input: { model: "sora-2", prompt: "x", duration: 5 } }));`, "duration"],
  ];
  const { errors } = typecheck(wrap(bad.map(([call]) => call)));
  const firstLine = header.split("\n").length + 1;
  expect(errors.map((e) => [e.line - firstLine, e.at])).toEqual(bad.map(([, at], i) => [i, at]));
  // The message names what was allowed.
  expect(errors[0].message).toContain(`'5' is not assignable to type '${soraDuration.join(" | ")} | undefined'`);
  expect(errors[4].message).toMatch(/'"video"' is not assignable to type '"image"'/);
});

test("right calls compile: known models by type, local media, models newer than the SDK", () => {
  const { errors } = typecheck(
    wrap([
      `await monet.tasks.create({ type: "video", input: { model: "sora-2", prompt: "x", duration: ${soraDuration.at(-1)}, aspect_ratio: "9:16" } });`,
      // wan-2-5 is a video and an image model: each type keeps its own fields.
      `await monet.tasks.create({ type: "video", input: { model: "wan-2-5", prompt: "x", duration: 10, resolution: "480p" } });`,
      `await monet.tasks.create({ type: "image", input: { model: "wan-2-5", prompt: "x", aspect_ratio: "21:9" } });`,
      `await monet.tasks.create({ type: "video", input: { model: "kling-motion-control", prompt: "x", images: [blob], videos: ["https://x/y.mp4"] } });`,
      `await monet.tasks.create({ type: "music", input: { model: "minimax-music", prompt: "x", lyrics: "la" }, idempotency_key: "k" });`,
      // Forward compatible: an unknown id (a literal or any string) takes any fields.
      `await monet.tasks.create({ type: "video", input: { model: "sora-3", prompt: "x", duration: 7, any_new_field: true } });`,
      `await monet.tasks.create({ type: "image", input: { model: someModel, prompt: "x" } });`,
      `await monet.tasks.run({ type: "image", input: { model: "flux-3", prompt: "x" } });`,
      `for await (const _ of monet.tasks.stream({ type: "music", input: { model: "minimax-music-2", prompt: "x" } }));`,
    ]),
  );
  expect(errors).toEqual([]);
});

test("an editor offers the model ids of the task's type as you type input.model, in create, run and stream", () => {
  const ids = (type: string) => models.filter((m) => m.type === type).map((m) => m.id);
  for (const [call, type] of [
    [`monet.tasks.create({ type: "video", input: { model: "|" } })`, "video"],
    [`monet.tasks.run({ type: "image", input: { model: "|" } })`, "image"],
    [`monet.tasks.stream({ type: "music", input: { model: "|" } })`, "music"],
  ]) {
    // The empty entry is the string being typed, which any editor lists.
    const offered = completionsAt(`${header}${call};\n`).filter(Boolean);
    expect(new Set(offered), call).toEqual(new Set(ids(type)));
  }
  // As many as the API reference lists of each type.
  const seed = readSeedModels();
  for (const type of ["video", "image", "music"]) expect(ids(type).length).toBe(seed.filter((m) => m.type === type).length);
});

test("a call per model costs the type checker a few dozen types, not a search of every model", () => {
  const calls = models.map((m) => `await monet.tasks.create({ type: ${JSON.stringify(m.type)}, input: ${JSON.stringify(m.example)} });`);
  const empty = typecheck(wrap([]));
  const every = typecheck(wrap(calls));
  expect(every.errors).toEqual([]);
  // Counters, not timings: deterministic on a loaded machine. Matching each call against the
  // union of every request (before) made about 84 types per call; a lookup by type and model
  // id makes about 22. The budget sits between, so a return to the union search fails here.
  const perCall = (every.types - empty.types) / calls.length;
  expect(perCall).toBeLessThan(45);
}, 120_000);
