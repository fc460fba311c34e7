// A journal whose last record a crash cut halfway (no newline after it): the rerun's first record
// must start on a line of its own. Glued to the torn half, it was lost with it: here the rerun's
// "final" for the task, so every later run attached to the task again (a request per task per
// run), and once the API dropped the task (24 h), failed an item whose files were saved.
import fs from "node:fs";
import path from "node:path";
import { afterEach, expect, test } from "vitest";
import { type PipelineEvent, runPipeline } from "../src/index.js";
import { type Bench, bench } from "./helpers.js";

let b: Bench;
afterEach(async () => b?.close());

const PIPELINE = `name: torn-journal
items: [ { id: hero } ]
steps:
  still: { foreach: items, type: image, input: { model: flux-2-dev, prompt: "a hero shot" } }
`;
const journalFile = () => path.join(b.out, ".pipeline", "journal.jsonl");
const lines = () => fs.readFileSync(journalFile(), "utf8").split("\n").filter(Boolean);
const parses = (l: string) => {
  try {
    JSON.parse(l);
    return true;
  } catch {
    return false;
  }
};

test("a record torn by a crash loses only itself: the rerun's records are read back, and the next run reuses the task", async () => {
  b = await bench(50);
  const run = (events: PipelineEvent[] = []) =>
    runPipeline(b.write("p.yaml", PIPELINE), { client: b.monet, outDir: b.out, pollInterval: 50, onEvent: (e) => events.push(e) });
  expect((await run()).tasks[0].status).toBe("succeeded");
  // The crash: the journal up to the task's "final" record, cut in its middle, nothing after it.
  const all = lines();
  const final = all.findIndex((l) => JSON.parse(l).t === "final");
  expect(final).toBeGreaterThan(0);
  fs.writeFileSync(journalFile(), `${all.slice(0, final).join("\n")}\n${all[final].slice(0, 20)}`);
  // Nothing was saved yet at that point.
  fs.rmSync(path.join(b.out, "still"), { recursive: true, force: true });
  fs.rmSync(path.join(b.out, "manifest.json"), { force: true });

  const second: PipelineEvent[] = [];
  expect((await run(second)).tasks[0].status).toBe("succeeded");
  // The journal knew the task created, not ended: re-attached to, not created again.
  expect(second.some((e) => e.type === "task" && e.status === "attached")).toBe(true);
  expect(await b.tasks()).toHaveLength(1);
  // Only the torn half is unreadable; the rerun's own "final" is a record of its own.
  expect(lines().filter((l) => !parses(l))).toEqual([all[final].slice(0, 20)]);
  expect(
    lines()
      .filter(parses)
      .filter((l) => JSON.parse(l).t === "final"),
  ).toHaveLength(1);

  const third: PipelineEvent[] = [];
  const before = b.requests.length;
  expect((await run(third)).tasks[0].status).toBe("succeeded");
  expect(third.some((e) => e.type === "task" && e.status === "reused")).toBe(true);
  expect(third.some((e) => e.type === "task" && e.status === "attached")).toBe(false);
  // Nothing asked of the API: the task was found ended in the journal.
  expect(b.requests.slice(before)).toEqual([]);
});
