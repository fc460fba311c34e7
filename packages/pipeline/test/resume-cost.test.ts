// Resuming a finished folder costs the same per item whatever the item count (audit s15 F4): the
// step folder was read whole once per item (removeOwn), so a rerun of 10,000 finished items took
// 100 s, 64% of it in readdir. Counted, not timed: the directory reads of a rerun of 1,000 items
// against 100.
import fs from "node:fs";
import path from "node:path";
import { afterEach, expect, test, vi } from "vitest";
import { runPipeline } from "../src/index.js";
import { type Bench, bench } from "./helpers.js";

let b: Bench;
afterEach(async () => {
  vi.restoreAllMocks();
  await b?.close();
});

const pipeline = (n: number) => `name: scale
concurrency: 500
items:
${Array.from({ length: n }, (_, i) => `  - { id: i${i} }`).join("\n")}
steps:
  still: { foreach: items, type: image, input: { model: flux-2-dev, prompt: "p \${{ item.id }}" } }
`;

/** Runs `n` items to the end, then reruns the finished folder: the directory reads of the rerun. */
async function rerunReads(n: number) {
  const file = b.write(`p${n}.yaml`, pipeline(n));
  const outDir = path.join(b.dir, `out${n}`);
  const opts = { client: b.monet, outDir, pollInterval: 50, rateLimit: 1000 };
  expect((await runPipeline(file, opts)).summary.succeeded).toBe(n);
  const reads = vi.spyOn(fs, "readdirSync");
  // Each wait in a queue (for a slot) listens for the run's abort: counted.
  const listens = vi.spyOn(EventTarget.prototype, "addEventListener");
  const again = await runPipeline(file, opts);
  const count = { reads: reads.mock.calls.length, listens: listens.mock.calls.length };
  reads.mockRestore();
  listens.mockRestore();
  expect(again.summary.succeeded).toBe(n);
  expect(again.requests.total).toBe(0);
  expect(fs.readdirSync(path.join(outDir, "still")).length).toBe(n);
  return count;
}

test("a rerun of a finished folder reads the step folder once and queues nothing, for 100 items as for 1,000", async () => {
  b = await bench(10);
  const small = await rerunReads(100);
  const big = await rerunReads(1000);
  expect(small.reads).toBe(1);
  expect(big.reads).toBe(1);
  // The queue for the 8 download slots held every item to keep its files: a listener (and an
  // insert into the queue) per item, n² in all.
  expect(big.listens).toBe(small.listens);
});

test("read once, the listing still finds every temporary file a crash left, and only those", async () => {
  b = await bench(10);
  const file = b.write("p.yaml", pipeline(40));
  const outDir = path.join(b.dir, "out");
  const opts = { client: b.monet, outDir, pollInterval: 50 };
  await runPipeline(file, opts);
  const still = path.join(outDir, "still");
  const left = [".i3.png.0badc0de.part", ".i3.0badc0de-1234.part", ".i30.png.12345678.part"];
  const stay = [".i3.png.nothex.part", "i3-notes.txt", ".i3x.png.0badc0de.part", ".other.png.0badc0de.part"];
  for (const f of [...left, ...stay]) fs.writeFileSync(path.join(still, f), "x");
  expect((await runPipeline(file, opts)).summary.succeeded).toBe(40);
  const now = fs.readdirSync(still);
  expect(now.filter((f) => left.includes(f))).toEqual([]);
  expect(now.filter((f) => stay.includes(f)).sort()).toEqual([...stay].sort());
  expect(now.filter((f) => f.endsWith(".png")).length).toBe(40);
});
