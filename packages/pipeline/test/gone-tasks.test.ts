// A task the journal saw created that the API no longer has (it answers 404: expired, evicted,
// removed) could never be recovered: every rerun re-attached by the journaled id, got the 404 and
// advised "run the same command again"; --retry-failed did nothing (no final record); only deleting
// the journal by hand helped, losing every other task's record. Now the 404 is journaled as the
// API's word, the task fails with `cause: "gone"` and the advice --retry-failed, which creates it
// with the next attempt's key. A create answered with a task id no call can follow (`a/b/4`) is
// refused at once, naming the id: before, it was journaled and then lost on every rerun.
import fs from "node:fs";
import path from "node:path";
import { afterEach, expect, test } from "vitest";
import { dryRun, nextSteps, type PipelineEvent, runPipeline } from "../src/index.js";
import { type Bench, bench } from "./helpers.js";
import { type HostileApi, json, route, startHostileApi, task, within } from "./hostile-api.js";

let b: Bench | undefined;
let api: HostileApi | undefined;
afterEach(async () => {
  await b?.close();
  await api?.close();
  b = api = undefined;
});

const PIPE = `name: gone
items: [{ id: a, p: apple }, { id: b, p: banana }]
steps:
  still: { foreach: items, type: image, input: { model: flux-2-dev, prompt: "\${{ item.p }}" } }
  clip: { foreach: items, type: video, input: { model: kling-2-6, prompt: orbit, images: ["\${{ steps.still.outputs[0].url }}"] } }
`;

test("tasks the API forgot (404) fail as gone, advising --retry-failed; a plain rerun asks nothing again; --retry-failed creates them once", async () => {
  b = await bench(100);
  const file = b.write("pipe.yaml", PIPE);
  const run = (opts: Partial<Parameters<typeof runPipeline>[1]> = {}) => runPipeline(file, { client: b!.monet, outDir: b!.out, pollInterval: 50, ...opts });
  const first = await run();
  expect(first.summary.succeeded).toBe(4);
  // What a crash after the creates leaves: the stills journaled as created, never as ended. Then
  // the API forgets every task (expired; the mock's eviction does the same).
  const journal = path.join(b.out, ".pipeline", "journal.jsonl");
  const stills = new Set(first.tasks.filter((t) => t.step === "still").map((t) => t.key));
  const lines = fs.readFileSync(journal, "utf8").trim().split("\n");
  fs.writeFileSync(journal, `${lines.filter((l) => !(JSON.parse(l).t === "final" && stills.has(JSON.parse(l).key))).join("\n")}\n`);
  b.mock.state.tasks.clear();

  const events: PipelineEvent[] = [];
  const lost = await run({ onEvent: (e) => events.push(e) });
  expect(await b.tasks()).toHaveLength(0);
  const still = lost.tasks.filter((t) => t.step === "still");
  expect(still.map((t) => [t.status, t.cause, t.id])).toEqual(first.tasks.filter((t) => t.step === "still").map((t) => ["failed", "gone", t.id]));
  expect(still[0].error).toMatch(/^the API no longer has task task_\w+ \(it answered 404.*--retry-failed creates it again/);
  expect(lost.summary).toEqual({ total: 4, succeeded: 0, failed: 2, skipped: 2 });
  // The advice that works (before: "rerun", which failed the same way for ever).
  expect(events.find((e) => e.type === "done")).toMatchObject({ next: ["--retry-failed"] });

  // A plain rerun reports them again from the journal: not one request about them.
  const gets = b.requests.length;
  const again = await run();
  expect(again.tasks.filter((t) => t.step === "still").every((t) => t.cause === "gone")).toBe(true);
  expect(b.requests.slice(gets)).toEqual([]);
  expect(dryRun(file, undefined, { outDir: b.out }).journal).toEqual({ create: 0, reuse: 2, skip: 2 });
  expect(dryRun(file, undefined, { outDir: b.out, retryFailed: true }).journal).toEqual({ create: 4, reuse: 0, skip: 0 });

  const retried = await run({ retryFailed: true });
  expect(retried.summary.succeeded).toBe(4);
  expect(await b.tasks()).toHaveLength(4);
  // Once: a rerun after the retry follows its tasks.
  await run({ retryFailed: true });
  expect(await b.tasks()).toHaveLength(4);
});

test("a create answered with a task id no GET can take (a/b/4) is refused at once, naming the id; nothing is journaled as created", async () => {
  let creates = 0;
  api = await startHostileApi((req, res) => {
    const r = route(req);
    if (r.create) return json(res, task(`a/b/${++creates}`, "pending"));
    json(res, { error: { code: "not_found", message: "not found" } }, 404);
  });
  const file = api.write("pipe.yaml", PIPE);
  const m = await within(runPipeline(file, { client: api.monet, outDir: api.out, pollInterval: 50 }), 30_000, "the run");
  const still = m.tasks.filter((t) => t.step === "still");
  expect(still.map((t) => t.status)).toEqual(["failed", "failed"]);
  for (const t of still) {
    expect(t.error).toMatch(/^create failed: the server answered the create with task id "a\/b\/\d", which no call can follow\. /);
    // The API may hold that task, but creating it again gets the same id: the error names the
    // key to report, the one the pipeline sent for this item (its manifest key).
    const sent = api.seen.filter((s) => route(s).create).map((s) => JSON.parse(s.body));
    const own = sent.find((body) => body.input.prompt === (t.item === "a" ? "apple" : "banana"))?.idempotency_key;
    expect(own).toBe(t.key);
    expect(t.error).toContain(`creating it again (idempotency_key ${JSON.stringify(own)}, this error's idempotencyKey) gets the same answer`);
    expect(t.error).not.toContain("create it again with");
  }
  // Read from the client's marker (unfollowableTaskId), not its words: a rerun gets the same id,
  // so the advice is to report it, never "rerun".
  expect(still.map((t) => t.cause)).toEqual(["unfollowable", "unfollowable"]);
  expect(nextSteps(m.tasks)).toEqual(["report to the API's operator"]);
  expect(new Set(still.map((t) => t.key)).size).toBe(2);
  expect(api.seen.filter((s) => route(s).get !== undefined || route(s).list)).toEqual([]);
  const records = fs.readFileSync(path.join(api.out, ".pipeline", "journal.jsonl"), "utf8");
  expect(records).not.toContain('"t":"created"');
});
