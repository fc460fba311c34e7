// durationText says what length an agent may ask for, from the reference's facts: the allowed
// values, a range, a fixed length, or, for a model that takes reference videos and no duration
// field (motion transfer), that the length is the reference video's, never a range to pick from.
import { expect, test } from "vitest";
import { readSeedModels } from "../../../test/support/seed.ts";
import { durationText, getModel } from "../src/index.ts";

const seed = readSeedModels();
const text = (s: (typeof seed)[number]) => durationText(getModel(s.type, s.id)!);

test("a model that takes no duration field but reference videos: the length follows the reference, with its bounds", () => {
  const motion = seed.filter((s) => s.duration && !s.fields.some((f) => f.name === "duration") && s.fields.some((f) => f.name === "videos"));
  expect(motion.map((s) => s.id).sort()).toEqual(
    ["kling-motion-control", "runway-act-two", "wan-animate-mix", "wan-animate-mix-pro", "wan-animate-move", "wan-animate-move-pro"].sort(),
  );
  for (const s of motion) {
    const t = text(s)!;
    expect(t, s.id).toMatch(/^follows the reference video \(/);
    expect(t, s.id).toContain(`(${s.duration!.min}-${s.duration!.max} s)`);
    expect(t, s.id).not.toMatch(/^\d/);
  }
});

test("a model whose duration field lists its lengths names them; a fixed length is said once", () => {
  for (const s of seed) {
    const field = s.fields.find((f) => f.name === "duration");
    if (field?.enum) expect(text(s), s.id).toBe(`${field.enum.length > 1 ? `${field.enum.slice(0, -1).join(", ")} or ${field.enum.at(-1)}` : field.enum[0]} s`);
    else if (!field && s.duration && !s.fields.some((f) => f.name === "videos"))
      expect(text(s), s.id).toBe(s.duration.min === s.duration.max ? `${s.duration.min} s` : `${s.duration.min}-${s.duration.max} s`);
  }
  expect(
    seed
      .filter((s) => s.type === "image")
      .map(text)
      .filter(Boolean),
  ).toEqual([]);
});

test("a video or music model with neither a duration field nor a published length says no field sets it (minimax-music)", () => {
  const unset = seed.filter((s) => s.type !== "image" && !s.duration && !s.fields.some((f) => f.name === "duration"));
  expect(unset.map((s) => s.id)).toContain("minimax-music");
  for (const s of unset) expect(text(s), s.id).toBe("chosen by the model (no field sets the length)");
});
