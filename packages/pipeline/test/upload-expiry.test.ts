import { afterEach, expect, test } from "vitest";
import { type PipelineEvent, runPipeline } from "../src/index.js";
import { type Bench, bench, killedAtCreate, PNG } from "./helpers.js";

let b: Bench;
afterEach(async () => b?.close());

// Under the run's one-hour margin: every rerun finds its journaled uploads "about to expire".
const SHORT_LIVED = { fileLifetime: 50 * 60 * 1000 };

const pipe = (ids: string[]) => `name: expiry
items:
${ids.map((id) => `  - { id: ${id}, img: refs/${id}.png }`).join("\n")}
steps:
  still:
    foreach: items
    type: image
    input: { model: flux-kontext-pro, prompt: "Restyle \${{ item.id }}", images: ["\${{ item.img }}"] }
  clip:
    foreach: items
    type: video
    input: { model: kling-2-6, prompt: "Orbit", images: ["\${{ steps.still.outputs[0].url }}"] }
`;

function files(ids: string[]) {
  for (const [i, id] of ids.entries()) b.write(`refs/${id}.png`, Buffer.concat([PNG, Buffer.from([i])]));
}
const uploads = () => b.mock.state.files.list(b.mock.url).length;
const run = (file: string, extra: Partial<Parameters<typeof runPipeline>[1]> = {}) =>
  runPipeline(file, { client: b.monet, outDir: b.out, pollInterval: 50, ...extra });

test("a plain rerun after the uploads (nearly) expired creates nothing and uploads nothing: finished tasks are found by the file's SHA-256", async () => {
  b = await bench(300, SHORT_LIVED);
  files(["a", "b", "c"]);
  const file = b.write("pipe.yaml", pipe(["a", "b", "c"]));
  const first = await run(file);
  expect(first.summary).toMatchObject({ total: 6, succeeded: 6 });
  expect(await b.tasks()).toHaveLength(6);
  expect(uploads()).toBe(3);

  const again = await run(file);
  // It created (and paid for) all 6 again, after uploading all 3 files again.
  expect(await b.tasks()).toHaveLength(6);
  expect(uploads()).toBe(3);
  expect(again.tasks.every((t) => t.reused)).toBe(true);
  expect(again.tasks.map((t) => t.id)).toEqual(first.tasks.map((t) => t.id));
  // The manifest still says what was sent.
  expect(again.tasks.find((t) => t.node === "still/a")!.input).toEqual(first.tasks.find((t) => t.node === "still/a")!.input);
});

test("a task created but not ended when its upload expired is re-attached by its journaled id: no create, no upload", async () => {
  b = await bench(1500, SHORT_LIVED);
  files(["a"]);
  const file = b.write("pipe.yaml", pipe(["a"]));
  const stop = new AbortController();
  const onEvent = (e: PipelineEvent) => e.type === "task" && e.status === "created" && stop.abort(new Error("stopped"));
  await expect(run(file, { signal: stop.signal, onEvent })).rejects.toThrow();
  const [created] = await b.tasks();
  expect(await b.tasks()).toHaveLength(1);

  const events: PipelineEvent[] = [];
  const m = await run(file, { onEvent: (e) => events.push(e) });
  expect(m.summary).toMatchObject({ total: 2, succeeded: 2 });
  expect(m.tasks.find((t) => t.node === "still/a")!.id).toBe(created.id);
  expect(events).toContainEqual(expect.objectContaining({ type: "task", node: "still/a", status: "attached", id: created.id }));
  expect(await b.tasks()).toHaveLength(2);
  expect(uploads()).toBe(1);
});

test("a create cut off after the API took it, rerun once its upload expired: sent again with the journaled body (409 on the new one), the same task", async () => {
  b = await bench(300, SHORT_LIVED);
  files(["a"]);
  const file = b.write("pipe.yaml", pipe(["a"]));
  const { client: killed, signal } = killedAtCreate(b);
  await expect(run(file, { client: killed, signal })).rejects.toThrow();
  const [taken] = await b.tasks();
  expect(await b.tasks()).toHaveLength(1);

  const m = await run(file);
  expect(m.summary).toMatchObject({ total: 2, succeeded: 2 });
  expect(m.tasks.find((t) => t.node === "still/a")!.id).toBe(taken.id);
  // One still and its clip: the still was not created (paid) a second time.
  expect(await b.tasks()).toHaveLength(2);
});
