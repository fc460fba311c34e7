// runPipeline against the real mock: the issue's example, items flowing on their own, failures
// skipping only their dependents, reruns that create nothing twice, uploads by content.
import fs from "node:fs";
import path from "node:path";
import { InputValidationError } from "@monet-ai/client";
import { afterEach, expect, test } from "vitest";
import { type PipelineEvent, PipelineFileError, runPipeline } from "../src/index.js";
import { type Bench, bench, bytesAt, EXAMPLE } from "./helpers.js";

let b: Bench;
afterEach(async () => b?.close());

const run = (file: string, extra: Partial<Parameters<typeof runPipeline>[1]> = {}) =>
  runPipeline(file, { client: b.monet, outDir: b.out, pollInterval: 50, ...extra });

test("the issue's example: 5 tasks, outputs chained per item, every file on disk with the mock's bytes", async () => {
  b = await bench();
  const file = b.write("teasers.yaml", EXAMPLE);
  const m = await run(file);
  expect(m.summary).toEqual({ total: 5, succeeded: 5, failed: 0, skipped: 0 });
  expect((await b.tasks()).length).toBe(5);
  const byNode = new Map(m.tasks.map((t) => [t.node, t]));
  // Items are named by position; the clip of item 2 got the still of item 2.
  expect(byNode.get("clip/2")!.input!.images).toEqual([byNode.get("still/2")!.outputs[0]]);
  expect(byNode.get("clip/2")!.input!.prompt).toBe("Slow orbit around the blue backpack");
  expect(byNode.get("jingle/jingle")!.item).toBeNull();
  for (const t of m.tasks) {
    expect(t.files).toHaveLength(1);
    expect(new Uint8Array(fs.readFileSync(path.join(b.out, t.files[0])))).toEqual(await bytesAt(t.outputs[0]));
  }
  expect(byNode.get("still/1")!.files).toEqual([path.join("still", "1.png")]);
  expect(byNode.get("clip/1")!.files).toEqual([path.join("clip", "1.mp4")]);
  expect(byNode.get("jingle/jingle")!.files).toEqual([path.join("jingle", "jingle.mp3")]);
  const manifest = JSON.parse(fs.readFileSync(path.join(b.out, "manifest.json"), "utf8"));
  expect(manifest.tasks.map((t: { id: string }) => t.id).sort()).toEqual(m.tasks.map((t) => t.id).sort());
  expect(manifest.tasks[0].timings.created_at).toBeTruthy();
});

test("items flow on their own: a clip starts before the last still has finished", async () => {
  b = await bench();
  const items = Array.from({ length: 6 }, (_, i) => `  - { id: p${i + 1}, product: thing ${i + 1} }`).join("\n");
  const file = b.write("flow.yaml", EXAMPLE.replace(/items:\n( {2}- .*\n)+/, `items:\n${items}\n`).replace("concurrency: 4", "concurrency: 4"));
  const events: PipelineEvent[] = [];
  const m = await run(file, { onEvent: (e) => events.push(e) });
  expect(m.summary.succeeded).toBe(13);
  const tasks = events.filter((e): e is Extract<PipelineEvent, { type: "task" }> => e.type === "task");
  const firstClip = tasks.findIndex((e) => e.step === "clip" && e.status === "created");
  const lastStill = tasks.findLastIndex((e) => e.step === "still" && e.status === "succeeded");
  expect(firstClip).toBeGreaterThan(-1);
  expect(firstClip).toBeLessThan(lastStill);
  // Named by the items' id field.
  expect(fs.existsSync(path.join(b.out, "clip", "p6.mp4"))).toBe(true);
});

test("a failed still skips its clip only; the other items and the jingle finish", async () => {
  b = await bench();
  const file = b.write("fail.yaml", EXAMPLE.replace("{ product: blue backpack }", `{ product: "[fail] backpack" }`));
  const m = await run(file);
  expect(m.summary).toEqual({ total: 5, succeeded: 3, failed: 1, skipped: 1 });
  const byNode = new Map(m.tasks.map((t) => [t.node, t]));
  expect(byNode.get("still/2")!.status).toBe("failed");
  expect(byNode.get("still/2")!.error).toMatch(/\[fail\]/);
  expect(byNode.get("clip/2")!.status).toBe("skipped");
  // The status says skipped; the error says why (it said "skipped: " again, printed "skipped: skipped:").
  expect(byNode.get("clip/2")!.error).toBe("step still, item 2 did not succeed");
  expect(byNode.get("clip/1")!.status).toBe("succeeded");
  // Four tasks were created: the skipped clip never was.
  expect((await b.tasks()).length).toBe(4);

  // A rerun keeps the failure (no new task); --retry-failed creates it again with a new key.
  const again = await run(file);
  expect(again.summary.failed).toBe(1);
  expect((await b.tasks()).length).toBe(4);
  const retried = await run(file, { retryFailed: true });
  expect((await b.tasks()).length).toBe(5);
  expect(retried.tasks.find((t) => t.node === "still/2")!.key).not.toBe(byNode.get("still/2")!.key);
  // And the retry is remembered: the next plain rerun creates nothing.
  await run(file);
  expect((await b.tasks()).length).toBe(5);
});

test("a reference to an output the step did not make fails as the file's fault: nothing sent for it, the same on every rerun", async () => {
  b = await bench();
  const file = b.write("two.yaml", EXAMPLE.replace("steps.still.outputs[0].url", "steps.still.outputs[1].url"));
  const events: PipelineEvent[] = [];
  const m = await run(file, { onEvent: (e) => events.push(e) });
  expect(m.summary).toEqual({ total: 5, succeeded: 3, failed: 2, skipped: 0 });
  const clip = m.tasks.find((t) => t.node === "clip/2")!;
  expect(clip).toMatchObject({
    status: "failed",
    cause: "input",
    error: "input.images[0]: step still made 1 output, so it has no outputs[1] (they count from 0: outputs[0] is the first)",
  });
  expect(clip.id).toBeUndefined();
  expect(events).toContainEqual(expect.objectContaining({ type: "task", node: "clip/2", status: "failed", cause: "input" }));
  // Failures of the API are not the file's.
  expect(m.tasks.filter((t) => t.cause).map((t) => t.node)).toEqual(["clip/1", "clip/2"]);
  expect((await b.tasks()).length).toBe(3);
  for (const retryFailed of [false, true]) {
    const again = await run(file, { retryFailed });
    expect(again.tasks.find((t) => t.node === "clip/2")).toMatchObject({ status: "failed", cause: "input" });
    expect((await b.tasks()).length).toBe(3);
  }
});

test("a task whose output could not be saved is counted done once", async () => {
  b = await bench();
  const file = b.write("teasers.yaml", EXAMPLE);
  fs.mkdirSync(path.join(b.out, "jingle"), { recursive: true });
  fs.writeFileSync(path.join(b.out, "jingle", "jingle.mp3"), "not ours");
  const events: PipelineEvent[] = [];
  const m = await run(file, { onEvent: (e) => events.push(e) });
  expect(m.tasks.find((t) => t.node === "jingle/jingle")!.status).toBe("failed");
  const done = events.flatMap((e) => (e.type === "task" ? [e.done] : []));
  // It said 6/5: the task's success and then its failed save each counted.
  expect(Math.max(...done)).toBe(5);
});

test("a rerun creates nothing; a changed step input reruns that step and its dependents only", async () => {
  b = await bench();
  const file = b.write("teasers.yaml", EXAMPLE);
  const first = await run(file);
  const again = await run(file);
  expect((await b.tasks()).length).toBe(5);
  expect(again.tasks.every((t) => t.reused)).toBe(true);
  expect(again.tasks.map((t) => t.id)).toEqual(first.tasks.map((t) => t.id));

  // A new still prompt: stills and clips run again (the clips' input holds the new URLs); the jingle does not.
  fs.writeFileSync(file, EXAMPLE.replace("Studio photo of a", "Product shot of a"));
  const changed = await run(file);
  expect((await b.tasks()).length).toBe(9);
  const ids = (m: typeof first) => new Map(m.tasks.map((t) => [t.node, t.id]));
  expect(ids(changed).get("jingle/jingle")).toBe(ids(first).get("jingle/jingle"));
  for (const n of ["still/1", "still/2", "clip/1", "clip/2"]) expect(ids(changed).get(n)).not.toBe(ids(first).get(n));
  // The replaced files hold the new outputs.
  const clip = changed.tasks.find((t) => t.node === "clip/2")!;
  expect(new Uint8Array(fs.readFileSync(path.join(b.out, clip.files[0])))).toEqual(await bytesAt(clip.outputs[0]));
  expect(fs.readdirSync(path.join(b.out, "clip")).sort()).toEqual(["1.mp4", "2.mp4"]);
});

test("local files in inputs are uploaded once by content and reused by every item and rerun", async () => {
  b = await bench();
  const png = fs.readFileSync(path.join(import.meta.dirname, "../../../docs/examples/character.png"));
  b.write("refs/a.png", png);
  b.write("refs/same-as-a.png", png);
  b.write("refs/b.png", Buffer.concat([png, Buffer.from([0])]));
  b.write("items.csv", "sku,ref\nk1,refs/a.png\nk2,refs/same-as-a.png\nk3,refs/b.png\n");
  const file = b.write(
    "refs.yaml",
    `name: refs
item_name: sku
items: { file: items.csv }
steps:
  look:
    foreach: items
    type: image
    input: { model: flux-kontext-pro, prompt: "Restyle \${{ item.sku }}", images: ["\${{ item.ref }}", "./refs/a.png"] }
`,
  );
  const m = await run(file);
  expect(m.summary.succeeded).toBe(3);
  expect(m.requests.uploads).toBe(2);
  expect(b.mock.state.files.list(b.mock.url)).toHaveLength(2);
  const look = new Map(m.tasks.map((t) => [t.item, t.input!.images as string[]]));
  expect(look.get("k1")![0]).toBe(look.get("k2")![0]);
  expect(look.get("k1")![0]).toBe(look.get("k1")![1]);
  expect(look.get("k3")![0]).not.toBe(look.get("k1")![0]);
  await run(file);
  expect(b.mock.state.files.list(b.mock.url)).toHaveLength(2);
  expect((await b.tasks()).length).toBe(3);
});

test("paths that leave the pipeline's folder are refused before anything is sent", async () => {
  b = await bench();
  fs.writeFileSync(path.join(b.dir, "..", `outside-${path.basename(b.dir)}.csv`), "product\nx\n");
  const escaping = b.write(
    "sub/escape.yaml",
    `name: e\nitems: { file: ../../outside-${path.basename(b.dir)}.csv }\nsteps:\n  s: { foreach: items, type: image, input: { model: flux-2-dev, prompt: x } }\n`,
  );
  await expect(run(escaping)).rejects.toThrow(/items.file must stay inside the pipeline file's folder/);
  fs.symlinkSync("/etc/hostname", path.join(b.dir, "sub", "link.png"));
  const link = b.write("sub/link.yaml", `name: l\nsteps:\n  s: { type: image, input: { model: flux-kontext-pro, prompt: x, images: [./link.png] } }\n`);
  const err = await run(link).catch((e) => e);
  expect(err).toBeInstanceOf(PipelineFileError);
  expect(err.issues[0]).toMatchObject({ step: "s", field: "images[0]" });
  expect(err.message).toMatch(/is a link to a file outside it/);
  expect((await b.tasks()).length).toBe(0);
  expect(b.mock.state.files.list(b.mock.url)).toHaveLength(0);
  fs.rmSync(path.join(b.dir, "..", `outside-${path.basename(b.dir)}.csv`));
});

// A NaN poll interval never polled and a concurrency of 0 or NaN never started a task: the run
// hung. Now each is refused, naming it, before anything is created or written.
test.each([
  ["pollInterval", Number.NaN],
  ["pollInterval", 0],
  ["pollInterval", Number.POSITIVE_INFINITY],
  ["concurrency", Number.NaN],
  ["concurrency", 0],
  ["concurrency", 1.5],
  ["concurrency", 501],
  ["rateLimit", Number.NaN],
  ["rateLimit", -1],
  ["rateLimit", Number.POSITIVE_INFINITY],
])("%s: %s is refused before anything is created", async (field, value) => {
  b = await bench();
  const file = b.write("teasers.yaml", EXAMPLE);
  const err = await run(file, { [field]: value }).catch((e) => e);
  expect(err).toBeInstanceOf(InputValidationError);
  expect(err.issues.map((i: { path: string }) => i.path)).toEqual([field]);
  expect(b.requests).toEqual([]);
  expect(fs.existsSync(b.out)).toBe(false);
});
