// Every step's problems in one round: a step with a problem of its own (a misspelt foreach, a
// reference to a step that does not exist) no longer hides the input problems of the sound steps,
// so a misspelt model there is reported with them, not after the first problems are fixed.
import { expect, test } from "vitest";
import { buildPipeline, dryRun, PipelineFileError } from "../src/index.js";

const def = {
  name: "typos",
  items: [
    { id: "a", product: "one" },
    { id: "b", product: "two" },
  ],
  steps: {
    still: { foreach: "items", type: "image", input: { model: "flux-2-devv", prompt: "Photo of ${{ item.product }}" } },
    clip: {
      foreach: "item",
      type: "video",
      input: { model: "kling-2-6", promt: "Orbit ${{ item.product }}", images: ["${{ steps.stil.outputs[0].url }}"], duration: 7 },
    },
    // Sound itself, but waits for a step with problems: its input cannot be checked yet.
    after: { type: "image", input: { model: "flux-2-devv", prompt: "x" }, needs: ["clip"] },
  },
};

const problems = (issues: { step?: string; item?: string; path: string }[]) => issues.map((i) => `${i.step ?? ""}/${i.item ?? ""}/${i.path}`);

test("a structural problem in one step does not hide a misspelt model in a sound step: both in one round", () => {
  const err = (() => {
    try {
      buildPipeline(def);
    } catch (e) {
      return e as PipelineFileError;
    }
  })();
  expect(err).toBeInstanceOf(PipelineFileError);
  const got = problems(err?.issues ?? []);
  expect(got).toEqual(
    expect.arrayContaining(["clip//steps.clip.foreach", "clip//steps.clip", "still/a/steps.still.input.model", "still/b/steps.still.input.model"]),
  );
  expect(err?.issues.find((i) => i.path === "steps.still.input.model")?.message).toContain("did you mean flux-2-dev?");
  // The step waiting for a broken one is left for the next round.
  expect(got.some((p) => p.startsWith("after/"))).toBe(false);
  // A dry run says the same in one round (its schema check names the model once for the step).
  const r = dryRun(def as unknown as Parameters<typeof dryRun>[0]);
  expect(r.ok).toBe(false);
  expect(problems(r.issues)).toEqual(expect.arrayContaining(["clip//steps.clip.foreach", "still//steps.still.input.model"]));
});
