// The dry run's credits: a model priced by a field the item leaves unset (kling-motion-control
// without `resolution`) showed "unpublished" although both rates are published; it now shows the
// range across them. The plan adds up to a total, and with an output folder that holds a journal
// only the tasks the run would create are priced. Rates and lengths come from the catalog here too.
import fs from "node:fs";
import path from "node:path";
import { getModel } from "@monet-ai/models";
import { afterEach, expect, test } from "vitest";
import { dryRun, runPipeline } from "../src/index.js";
import { type Bench, bench } from "./helpers.js";

let b: Bench;
afterEach(async () => b?.close());

const examples = path.join(import.meta.dirname, "../../../docs/examples");
const model = getModel("video", "kling-motion-control");
if (!model?.pricing || !("rates" in model.pricing) || !model.durationSeconds) throw new Error("kling-motion-control is priced by resolution in the catalog");
const byResolution: Record<string, number> = model.pricing.rates;
const rates = Object.values(byResolution);
const length = model.durationSeconds;
/** One task's credits: at `rate`, or across every published rate. */
const one = (rate?: number) => ({ min: (rate ?? Math.min(...rates)) * length.min, max: (rate ?? Math.max(...rates)) * length.max });
const times = (n: number, c: { min: number; max: number }) => ({ min: n * c.min, max: n * c.max });

const pipe = (ids: string[]) => `name: price
items: [${ids.map((id) => `{ id: ${id} }`).join(", ")}]
steps:
  fixed: { foreach: items, type: video, input: { model: kling-motion-control, prompt: dance, images: [c.png], videos: [d.mp4], resolution: 720p } }
  open: { foreach: items, type: video, input: { model: kling-motion-control, prompt: dance, images: [c.png], videos: [d.mp4] } }
  still: { type: image, input: { model: flux-2-dev, prompt: a still } }
`;

test("a model priced by a field the item leaves unset shows the range across its published rates, and the plan has a total", async () => {
  b = await bench(100);
  b.write("c.png", fs.readFileSync(path.join(examples, "character.png")));
  b.write("d.mp4", fs.readFileSync(path.join(examples, "dance.mp4")));
  const file = b.write("pipe.yaml", pipe(["a", "b"]));
  const r = dryRun(file);
  expect(r.ok, JSON.stringify(r.issues)).toBe(true);
  const fixed = times(2, one(byResolution["720p"]));
  const open = times(2, one());
  expect(r.plan.map((row) => [row.step, row.credits])).toEqual([
    ["fixed", fixed],
    ["open", open],
    ["still", undefined],
  ]);
  expect(r.credits).toEqual({ min: fixed.min + open.min, max: fixed.max + open.max, unpublished: ["flux-2-dev"] });
  expect(r.journal).toBeUndefined();

  // Run into a folder, then add an item: only its two tasks are priced.
  await runPipeline(file, { client: b.monet, outDir: b.out, pollInterval: 50 });
  expect(await b.tasks()).toHaveLength(5);
  fs.writeFileSync(file, pipe(["a", "b", "c"]));
  const again = dryRun(file, undefined, { outDir: b.out });
  expect(again.journal).toEqual({ create: 2, reuse: 5, skip: 0 });
  expect(again.plan.map((row) => [row.step, row.tasks, row.create, row.credits])).toEqual([
    ["fixed", 3, 1, one(byResolution["720p"])],
    ["open", 3, 1, one()],
    ["still", 1, 0, { min: 0, max: 0 }],
  ]);
  expect(again.credits).toEqual({ min: one(byResolution["720p"]).min + one().min, max: one(byResolution["720p"]).max + one().max, unpublished: [] });
});
