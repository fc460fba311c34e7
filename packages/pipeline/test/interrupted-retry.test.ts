// A --retry-failed stopped after its create reached the API but before the answer came back left
// no trace in the journal: the next plain rerun reported the old failure, and the retry task (paid,
// maybe succeeded) was never reported or saved. Now the create is journaled before it is sent
// (a `creating` record with its key), so a plain rerun re-sends that key and re-attaches.
import fs from "node:fs";
import path from "node:path";
import { afterEach, expect, test } from "vitest";
import { runPipeline } from "../src/index.js";
import { type Bench, bench, killedAtCreate } from "./helpers.js";

let b: Bench;
afterEach(async () => b?.close());

const PIPE = `name: retry-kill
items:
  - { id: k1, p: "[fail] still" }
steps:
  still:
    foreach: items
    type: image
    input: { model: flux-2-dev, prompt: "\${{ item.p }}" }
`;

test("a plain rerun after a --retry-failed stopped mid-create follows the retry task, creating nothing more", async () => {
  b = await bench(300);
  const file = b.write("rk.yaml", PIPE);
  const first = await runPipeline(file, { client: b.monet, outDir: b.out, pollInterval: 50 });
  expect(first.tasks[0]).toMatchObject({ status: "failed", ended: "failed" });
  const old = first.tasks[0].id!;

  // The retry's create reaches the mock; its answer never reaches the run, which is stopped then.
  const { client: killed, signal } = killedAtCreate(b);
  await expect(runPipeline(file, { client: killed, outDir: b.out, pollInterval: 50, retryFailed: true, signal })).rejects.toThrow();
  const tasks = await b.tasks();
  expect(tasks).toHaveLength(2);
  const retry = tasks.find((t) => t.id !== old)!.id;

  const rerun = await runPipeline(file, { client: b.monet, outDir: b.out, pollInterval: 50 });
  // It reported the old failure (task 1); the retry task is the one this folder now follows.
  expect(rerun.tasks[0].id).toBe(retry);
  expect(rerun.tasks[0].ended).toBe("failed");
  expect(await b.tasks()).toHaveLength(2);
  const journal = fs.readFileSync(path.join(b.out, ".pipeline", "journal.jsonl"), "utf8");
  expect(journal).toMatch(/"t":"creating"/);
});
