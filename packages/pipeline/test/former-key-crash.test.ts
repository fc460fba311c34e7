// A run killed after it journaled a create as sent ("creating") and before the answer was
// journaled ("created"), then the file gave its items ids (which names them another way): the
// rerun must find the sent create under the item's former key and send that key again, so the
// API answers with the task it already has. Looked up by "created" records only, the sent create
// was missed, and the rerun created (and paid for) the task a second time.
import fs from "node:fs";
import path from "node:path";
import { afterEach, expect, test } from "vitest";
import { runPipeline } from "../src/index.js";
import { type Bench, bench, journalOf, journalRecords } from "./helpers.js";

let b: Bench;
afterEach(async () => b?.close());

const pipe = (item: string) => `name: former-key-crash
items:
  - ${item}
steps:
  still: { foreach: items, type: image, input: { model: flux-2-dev, prompt: "Photo of \${{ item.product }}" } }
`;

/** Runs once, leaves the journal as `cut` makes it (nothing saved), gives the item an id, and reruns. */
async function crashedThenIds(cut: (records: { t: string }[]) => { t: string }[]) {
  b = await bench(50);
  const file = b.write("pipe.yaml", pipe("{ product: kiwi }"));
  const run = () => runPipeline(file, { client: b.monet, outDir: b.out, pollInterval: 50 });
  const first = await run();
  expect(first.tasks[0].status).toBe("succeeded");
  expect(await b.tasks()).toHaveLength(1);
  const records = journalRecords(b.out);
  fs.writeFileSync(
    journalOf(b.out),
    `${cut(records)
      .map((r) => JSON.stringify(r))
      .join("\n")}\n`,
  );
  fs.rmSync(path.join(b.out, "still"), { recursive: true, force: true });
  fs.rmSync(path.join(b.out, "manifest.json"), { force: true });
  fs.writeFileSync(file, pipe("{ id: kiwi, product: kiwi }"));
  const again = await run();
  expect(again.tasks[0]).toMatchObject({ status: "succeeded", id: first.tasks[0].id, files: [path.join("still", "kiwi.png")] });
  // The same idempotency key sent again, or the task attached to: the API's one task, no second.
  expect(await b.tasks()).toHaveLength(1);
}

test("killed between sending a create and journaling its answer, then ids added to the items: the rerun re-sends the former key and creates nothing", async () => {
  // The journal up to its "creating" record.
  await crashedThenIds((rs) => rs.slice(0, rs.findIndex((r) => r.t === "creating") + 1));
});

test('an older version\'s journal (no "creating" records) of a task created and not ended, then ids added: the rerun attaches to it', async () => {
  await crashedThenIds((rs) => rs.slice(0, rs.findIndex((r) => r.t === "created") + 1).filter((r) => r.t !== "creating"));
});
