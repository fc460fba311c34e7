// Items without an `id` are named by position, and the name was part of every idempotency key:
// removing or inserting an item gave every later item a new key (a new, paid task), and adding one
// item without an id switched a whole list from ids to positions. Now a key names an item by its
// content (and its occurrence among items with the same content) unless its name is its own (an
// `id`, `item_name`); a kept file is kept only under the item's current name, saved from the same
// task; and the dry run says when positional names moved since the folder's journal was written.
import fs from "node:fs";
import path from "node:path";
import { afterEach, expect, test } from "vitest";
import { dryRun, type Manifest, type PipelineEvent, runPipeline } from "../src/index.js";
import { type Bench, bench, bytesAt } from "./helpers.js";

let b: Bench;
afterEach(async () => b?.close());

const pipe = (items: string[]) => `name: edits
items:
${items.map((i) => `  - ${i}`).join("\n")}
steps:
  still:
    foreach: items
    type: image
    input: { model: flux-2-dev, prompt: "Photo of a \${{ item.product }}" }
`;
const run = (file: string, extra: Partial<Parameters<typeof runPipeline>[1]> = {}) =>
  runPipeline(file, { client: b.monet, outDir: b.out, pollInterval: 50, ...extra });
const byProduct = (m: Manifest, product: string) => m.tasks.find((t) => t.input?.prompt === `Photo of a ${product}`)!;
const stills = () => fs.readdirSync(path.join(b.out, "still")).sort();

/** Every file the manifest lists holds the bytes of its own task's output. */
async function filesMatch(m: Manifest) {
  for (const t of m.tasks) {
    expect(t.files).toEqual([path.join("still", `${t.item}.png`)]);
    expect(new Uint8Array(fs.readFileSync(path.join(b.out, t.files[0])))).toEqual(await bytesAt(t.outputs[0]));
  }
}

test("removing the first of four items named by position creates nothing; files move to the new names; the dry run says the names moved", async () => {
  b = await bench();
  const products = ["apple", "banana", "cherry", "damson"].map((p) => `{ product: ${p} }`);
  const file = b.write("pipe.yaml", pipe(products));
  const first = await run(file);
  expect(await b.tasks()).toHaveLength(4);

  fs.writeFileSync(file, pipe(products.slice(1)));
  const plan = dryRun(file, undefined, { outDir: b.out });
  expect(plan.ok).toBe(true);
  expect(plan.notes).toEqual([
    `3 items are named by position and their names moved since the journal in ${b.out} was written (outputs are saved again under the new names; nothing is created again); give items an id for stable file names`,
  ]);

  const events: PipelineEvent[] = [];
  const m = await run(file, { onEvent: (e) => events.push(e) });
  // It created still/1, still/2 and still/3 again: 7 tasks.
  expect(await b.tasks()).toHaveLength(4);
  for (const p of ["banana", "cherry", "damson"]) expect(byProduct(m, p).id).toBe(byProduct(first, p).id);
  expect(byProduct(m, "banana").item).toBe("1");
  await filesMatch(m);
  // 4.png is damson's old file, no item's now: never reported as anyone's.
  expect(m.tasks.flatMap((t) => t.files)).not.toContain(path.join("still", "4.png"));
  expect(stills()).toEqual(["1.png", "2.png", "3.png", "4.png"]);
  // The names are the journal's now: no note, and a rerun keeps every file.
  expect(dryRun(file, undefined, { outDir: b.out }).notes).toEqual([]);
  events.length = 0;
  await run(file, { onEvent: (e) => events.push(e) });
  expect(events.filter((e) => e.type === "task" && e.status === "saved")).toEqual([]);
});

test("adding an item without an id to items with ids creates that one task; the others are saved again under their positions", async () => {
  b = await bench();
  const withIds = ["apple", "banana", "cherry"].map((p) => `{ id: ${p}, product: ${p} }`);
  const file = b.write("pipe.yaml", pipe(withIds));
  const first = await run(file);
  expect(await b.tasks()).toHaveLength(3);

  fs.writeFileSync(file, pipe([...withIds, "{ product: damson }"]));
  const m = await run(file);
  // It created all four.
  expect(await b.tasks()).toHaveLength(4);
  for (const p of ["apple", "banana", "cherry"]) expect(byProduct(m, p).id).toBe(byProduct(first, p).id);
  await filesMatch(m);
  expect(stills()).toEqual(["1.png", "2.png", "3.png", "4.png", "apple.png", "banana.png", "cherry.png"]);
});

test("two items with the same content are two tasks; removing one of them creates nothing", async () => {
  b = await bench();
  const file = b.write("pipe.yaml", pipe(["{ product: kiwi }", "{ product: kiwi }", "{ product: lime }"]));
  const first = await run(file);
  expect(await b.tasks()).toHaveLength(3);
  expect(new Set(first.tasks.map((t) => t.id)).size).toBe(3);
  fs.writeFileSync(file, pipe(["{ product: kiwi }", "{ product: lime }"]));
  const m = await run(file);
  expect(await b.tasks()).toHaveLength(3);
  expect(byProduct(m, "lime").id).toBe(byProduct(first, "lime").id);
  await filesMatch(m);
});

test("items named by position: a field no step uses changes no key; one a step uses makes that item's new task only", async () => {
  b = await bench();
  const file = b.write("pipe.yaml", pipe(["{ product: apple, note: ripe }", "{ product: banana, note: green }"]));
  const first = await run(file);
  fs.writeFileSync(file, pipe(["{ product: apple, note: eaten }", "{ product: banana, note: green }"]));
  const m = await run(file);
  expect(await b.tasks()).toHaveLength(2);
  expect(m.tasks.map((t) => t.id)).toEqual(first.tasks.map((t) => t.id));
  fs.writeFileSync(file, pipe(["{ product: apricot, note: eaten }", "{ product: banana, note: green }"]));
  const changed = await run(file);
  expect(await b.tasks()).toHaveLength(3);
  expect(byProduct(changed, "banana").id).toBe(byProduct(first, "banana").id);
  await filesMatch(changed);
});

test("a rerun of a finished folder reports its files as kept, not saved: only downloads are saves", async () => {
  b = await bench();
  const file = b.write("pipe.yaml", pipe(["{ id: a, product: apple }", "{ id: b, product: banana }"]));
  await run(file);
  fs.rmSync(path.join(b.out, "still", "b.png"));
  const events: PipelineEvent[] = [];
  await run(file, { onEvent: (e) => events.push(e) });
  const saves = events.flatMap((e) => (e.type === "task" && (e.status === "saved" || e.status === "kept") ? [`${e.node} ${e.status}`] : []));
  expect(saves.sort()).toEqual(["still/a kept", "still/b saved"]);
});
