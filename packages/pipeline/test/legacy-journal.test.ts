// Keys changed (files by SHA-256, items by what they are rather than where they are): a folder an
// older version ran holds keys of the old form (the item's name and the upload's URL). A rerun
// looks those up too, so upgrading never creates (pays for) a finished or running task again.
import fs from "node:fs";
import path from "node:path";
import { afterEach, expect, test } from "vitest";
import { legacyTaskKey } from "../src/hash.js";
import { type PipelineEvent, runPipeline } from "../src/index.js";
import { type Bench, bench, PNG } from "./helpers.js";

let b: Bench;
afterEach(async () => b?.close());

const PIPE = `name: legacy
items:
  - { product: kiwi, img: refs/a.png }
  - { product: lime, img: refs/a.png }
steps:
  still:
    foreach: items
    type: image
    input: { model: flux-kontext-pro, prompt: "A \${{ item.product }}", images: ["\${{ item.img }}"] }
  clip:
    foreach: items
    type: video
    input: { model: kling-2-6, prompt: "Orbit", images: ["\${{ steps.still.outputs[0].url }}"] }
`;

test("a folder whose journal has the old keys (item name, upload URL) is rerun creating, uploading and downloading nothing", async () => {
  // Uploads under an hour from expiry: a lookup that needed a fresh upload would not find them.
  b = await bench(300, { fileLifetime: 50 * 60 * 1000 });
  b.write("refs/a.png", PNG);
  const file = b.write("pipe.yaml", PIPE);
  const first = await runPipeline(file, { client: b.monet, outDir: b.out, pollInterval: 50 });
  expect(await b.tasks()).toHaveLength(4);

  // What the older version wrote: the same facts under keys of the old form, no creating or item records.
  const old = new Map(first.tasks.map((t) => [t.key!, legacyTaskKey("legacy", t.step, t.item!, t.input, 0)]));
  const journal = path.join(b.out, ".pipeline", "journal.jsonl");
  const records = fs
    .readFileSync(journal, "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l))
    .filter((r) => r.t !== "creating" && r.t !== "item")
    .map((r) => (r.key ? { ...r, key: old.get(r.key) } : r));
  expect(records.filter((r) => r.t === "final").every((r) => r.key.startsWith("mp1-"))).toBe(true);
  fs.writeFileSync(journal, `${records.map((r) => JSON.stringify(r)).join("\n")}\n`);

  const events: PipelineEvent[] = [];
  const again = await runPipeline(file, { client: b.monet, outDir: b.out, pollInterval: 50, onEvent: (e) => events.push(e) });
  expect(await b.tasks()).toHaveLength(4);
  expect(b.mock.state.files.list(b.mock.url)).toHaveLength(1);
  expect(again.tasks.map((t) => t.id)).toEqual(first.tasks.map((t) => t.id));
  expect(again.tasks.every((t) => t.reused)).toBe(true);
  expect(events.filter((e) => e.type === "task" && e.status === "saved")).toEqual([]);
});
