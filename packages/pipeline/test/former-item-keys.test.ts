// Keys name an item by its `id` or `item_name` field when it has one, else by its content: adding
// ids to a finished list (what the README advises for stable file names), or setting or changing
// `item_name`, gave every item a new key, and the rerun created (and paid for) every task again,
// while the dry run priced them all without a word. Now the run also looks a task up by the key its
// item had when the file named items another way (the ways the journal's item records show), and
// the dry run says how many tasks it would create and how many it takes from the journal.
import fs from "node:fs";
import path from "node:path";
import { afterEach, expect, test } from "vitest";
import { dryRun, type Manifest, runPipeline } from "../src/index.js";
import { formerItemKeys } from "../src/item-keys.js";
import { loadPipeline } from "../src/run.js";
import { type Bench, bench } from "./helpers.js";

let b: Bench;
afterEach(async () => b?.close());

const pipe = (items: string[], top = "") => `name: ids
${top}items:
${items.map((i) => `  - ${i}`).join("\n")}
steps:
  still: { foreach: items, type: image, input: { model: flux-2-dev, prompt: "Photo of \${{ item.product }}" } }
  clip: { foreach: items, type: video, input: { model: kling-2-6, prompt: "Orbit \${{ item.product }}", images: ["\${{ steps.still.outputs[0].url }}"] } }
`;
const run = (file: string) => runPipeline(file, { client: b.monet, outDir: b.out, pollInterval: 50 });
const idsOf = (m: Manifest) => Object.fromEntries(m.tasks.map((t) => [`${t.step} ${t.input?.prompt}`, t.id]));

test("adding ids to items named by position creates nothing: every task is found under the key it had, and the dry run says so", async () => {
  b = await bench(100);
  // Two equal items: two tasks, each found again as its own.
  const products = ["kiwi", "kiwi", "lime"];
  const file = b.write("pipe.yaml", pipe(products.map((p) => `{ product: ${p} }`)));
  const first = await run(file);
  expect(await b.tasks()).toHaveLength(6);

  fs.writeFileSync(file, pipe(products.map((p, i) => `{ id: ${p}${i}, product: ${p} }`)));
  const plan = dryRun(file, undefined, { outDir: b.out });
  expect(plan.ok).toBe(true);
  expect(plan.journal).toEqual({ create: 0, reuse: 6, skip: 0 });
  expect(plan.plan.map((r) => [r.step, r.tasks, r.create])).toEqual([
    ["still", 3, 0],
    ["clip", 3, 0],
  ]);

  const m = await run(file);
  // It created all six again: 12 tasks.
  expect(await b.tasks()).toHaveLength(6);
  expect(m.tasks.every((t) => t.reused)).toBe(true);
  expect(m.tasks.map((t) => t.id).sort()).toEqual(first.tasks.map((t) => t.id).sort());
  expect(new Set(m.tasks.map((t) => t.id)).size).toBe(6);
  // Saved under the new names; the files under the old names stay, no item's now.
  expect(m.tasks.filter((t) => t.step === "still").flatMap((t) => t.files)).toEqual(["kiwi0", "kiwi1", "lime2"].map((n) => path.join("still", `${n}.png`)));
  expect(fs.readdirSync(path.join(b.out, "still")).sort()).toEqual(["1.png", "2.png", "3.png", "kiwi0.png", "kiwi1.png", "lime2.png"]);
});

test("setting item_name, then changing one prompt, creates only that item's tasks; the dry run prices only those", async () => {
  b = await bench(100);
  const items = (fruit: string) => [`{ id: a, sku: S1, product: kiwi }`, `{ id: b, sku: S2, product: ${fruit} }`];
  const file = b.write("pipe.yaml", pipe(items("lime")));
  const first = await run(file);
  expect(await b.tasks()).toHaveLength(4);

  fs.writeFileSync(file, pipe(items("lime"), "item_name: sku\n"));
  expect(dryRun(file, undefined, { outDir: b.out }).journal).toEqual({ create: 0, reuse: 4, skip: 0 });
  const named = await run(file);
  expect(await b.tasks()).toHaveLength(4);
  expect(idsOf(named)).toEqual(idsOf(first));

  fs.writeFileSync(file, pipe(items("plum"), "item_name: sku\n"));
  const plan = dryRun(file, undefined, { outDir: b.out });
  expect(plan.journal).toEqual({ create: 2, reuse: 2, skip: 0 });
  expect(plan.plan.map((r) => r.create)).toEqual([1, 1]);
  const changed = await run(file);
  expect(await b.tasks()).toHaveLength(6);
  expect(changed.tasks.filter((t) => t.reused).map((t) => t.item)).toEqual(["S1", "S1"]);
});

test("a former key two items could both claim is left out: neither takes another's task", () => {
  // Keyed by sku, item 1 (no sku) was content #0; keyed by content, item 0 is content #0 too.
  const p = loadPipeline({
    name: "clash",
    items: [{ product: "kiwi", sku: "S1" }, { product: "kiwi" }],
    steps: { still: { foreach: "items", type: "image", input: { model: "flux-2-dev", prompt: "${{ item.product }}" } } },
  });
  const [content0, content1] = p.itemKeys;
  expect(content0).toMatch(/^content:.*#0$/);
  const former = formerItemKeys({ ...p, itemKeys: ["now:0", "now:1"] }, [content0, `sku:"S1"#0`]);
  expect(former).toEqual([[`sku:"S1"#0`], [content1]]);
});
