// A run killed after its download was renamed into place (DIR/still/hero.png) but before the
// "saved" record left a file the rerun could not prove its own: the "saving" record proves nothing
// (a refused save leaves one too), so every rerun failed the item, "already exists and this
// pipeline did not write it". The body's SHA-256, known before the rename, is journaled then (a
// "hashed" record); a file at the name with exactly those bytes is the run's own. These build the
// folder such a crash leaves from a real run's journal, cut just before its "saved" record.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterEach, expect, test } from "vitest";
import { runPipeline } from "../src/index.js";
import { type Bench, bench, bytesAt } from "./helpers.js";

let b: Bench;
afterEach(async () => b?.close());

const PIPELINE = `name: crash-window
items: [ { id: hero } ]
steps:
  still: { foreach: items, type: image, input: { model: flux-2-dev, prompt: "a hero shot" } }
`;
const run = () => runPipeline(b.write("p.yaml", PIPELINE), { client: b.monet, outDir: b.out, pollInterval: 50 });
const hero = () => path.join(b.out, "still", "hero.png");
const journalFile = () => path.join(b.out, ".pipeline", "journal.jsonl");
const records = () =>
  fs
    .readFileSync(journalFile(), "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as { t: string; [k: string]: unknown });
const creates = () => b.requests.filter((r) => r.method === "POST").length;

/**
 * Runs once, then leaves the folder as a SIGKILL right after the rename would: the journal up to
 * its "saved" record (`keep` chooses among those records), the file at its name. Returns the bytes
 * the mock served.
 */
async function crashedAfterRename(keep: (r: { t: string }) => boolean = () => true) {
  const first = await run();
  expect(first.tasks[0].status).toBe("succeeded");
  const served = await bytesAt(first.tasks[0].outputs[0]);
  const all = records();
  const cut = all.findIndex((r) => r.t === "saved");
  expect(cut).toBeGreaterThan(0);
  fs.writeFileSync(
    journalFile(),
    `${all
      .slice(0, cut)
      .filter(keep)
      .map((r) => JSON.stringify(r))
      .join("\n")}\n`,
  );
  fs.rmSync(path.join(b.out, "manifest.json"), { force: true });
  expect(fs.readFileSync(hero())).toEqual(Buffer.from(served));
  return served;
}

test("killed between the rename and the saved record, a rerun takes the file for its own and saves the item, creating nothing", async () => {
  b = await bench(50);
  const served = await crashedAfterRename();
  const sent = creates();
  const again = await run();
  expect(again.tasks[0]).toMatchObject({ status: "succeeded", files: ["still/hero.png"] });
  expect(again.tasks[0].cause).toBeUndefined();
  // No second task: the journal's final record is used, and no create is sent.
  expect(creates()).toBe(sent);
  expect(await b.tasks()).toHaveLength(1);
  expect(fs.readFileSync(hero())).toEqual(Buffer.from(served));
  // Journaled as saved now, with the bytes' hash: the next run keeps it without a download.
  const saved = records().filter((r) => r.t === "saved");
  expect(saved.at(-1)).toMatchObject({ bytes: served.length, sha256: createHash("sha256").update(served).digest("hex") });
  const third = await run();
  expect(third.tasks[0]).toMatchObject({ status: "succeeded", files: ["still/hero.png"] });
  expect(records().filter((r) => r.t === "saved")).toHaveLength(saved.length);
});

test("the same crash, then a file of other bytes at the name: refused and untouched, as any file the run did not write", async () => {
  b = await bench(50);
  await crashedAfterRename();
  const theirs = fs.readFileSync(hero());
  theirs[theirs.length - 1] ^= 1;
  fs.writeFileSync(hero(), theirs);
  const again = await run();
  expect(again.tasks[0]).toMatchObject({ status: "failed", cause: "in-the-way" });
  expect(fs.readFileSync(hero())).toEqual(theirs);
});

test("a journal of an older version (no hashed record) proves nothing, as before: the file stays and the save is refused", async () => {
  b = await bench(50);
  const served = await crashedAfterRename((r) => r.t !== "hashed");
  const again = await run();
  expect(again.tasks[0]).toMatchObject({ status: "failed", cause: "in-the-way" });
  expect(fs.readFileSync(hero())).toEqual(Buffer.from(served));
});

test("a hashed record is no proof once a later save of the name started (it may have been refused by a file put there)", async () => {
  b = await bench(50);
  const served = await crashedAfterRename();
  const saving = records().findLast((r) => r.t === "saving");
  fs.appendFileSync(journalFile(), `${JSON.stringify(saving)}\n`);
  const again = await run();
  expect(again.tasks[0]).toMatchObject({ status: "failed", cause: "in-the-way" });
  expect(fs.readFileSync(hero())).toEqual(Buffer.from(served));
});
