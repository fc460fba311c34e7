// A task that never ends hung the run for ever, and a run stopped by its signal threw before it
// wrote any manifest: the finished items' files were on disk with nothing saying so. Now
// `taskTimeout` reports such a task `timed-out` (left running at the API) and the run ends; a
// stopped run still writes its manifest (finished tasks with their files, the rest `unfinished`
// with their task ids); and a rerun re-attaches to the task, creating nothing.
import fs from "node:fs";
import path from "node:path";
import { Monet } from "@monet-ai/client";
import { afterEach, expect, test } from "vitest";
import { type Manifest, type PipelineEvent, runPipeline } from "../src/index.js";
import { type Bench, bench, KEY } from "./helpers.js";

let b: Bench;
afterEach(async () => b?.close());

// A backstop, not a timing: a hung run fails here instead of at vitest's timeout.
const BACKSTOP_MS = 60_000;
const ITEMS = ["s0", "s1", "s2", "s3"];
const PIPE = `name: stuck
items:
${ITEMS.map((id) => `  - { id: ${id} }`).join("\n")}
steps:
  still:
    foreach: items
    type: image
    input: { model: flux-2-dev, prompt: "Photo \${{ item.id }}" }
  clip:
    foreach: items
    type: video
    input: { model: kling-2-6, prompt: "Orbit", images: ["\${{ steps.still.outputs[0].url }}"] }
`;

/**
 * A client of the real mock that sees item s2's still as processing for ever (the mock ends every
 * task; this stands for a task the API never ends): its answers about that task are rewritten.
 */
function stuckClient(): { monet: Monet; stuck: Set<string> } {
  const stuck = new Set<string>();
  const hold = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(hold);
    if (!v || typeof v !== "object") return v;
    const o = Object.fromEntries(Object.entries(v).map(([k, x]) => [k, hold(x)]));
    return typeof o.id === "string" && stuck.has(o.id) && "status" in o
      ? { ...o, status: "processing", outputs: [{ model: "flux-2-dev", status: "processing", progress: 50 }] }
      : o;
  };
  const f: typeof fetch = async (input, init) => {
    const res = await fetch(input, init);
    const url = String(input);
    if (!url.includes("/api/v1/tasks") || !res.headers.get("content-type")?.includes("json")) return res;
    const body = await res.json();
    if (init?.method === "POST" && String(init.body).includes("Photo s2")) stuck.add(body.id);
    return new Response(JSON.stringify(hold(body)), { status: res.status, headers: { "content-type": "application/json" } });
  };
  return { monet: new Monet({ apiKey: KEY, baseUrl: b.mock.url, fetch: f }), stuck };
}

const readManifest = (): Manifest => JSON.parse(fs.readFileSync(path.join(b.out, "manifest.json"), "utf8"));

test("taskTimeout: a task that never ends is reported timed out (not failed), the run ends, and a rerun re-attaches to it", async () => {
  b = await bench(300);
  const file = b.write("stuck.yaml", PIPE);
  const { monet, stuck } = stuckClient();
  const events: PipelineEvent[] = [];
  const m = await runPipeline(file, {
    client: monet,
    outDir: b.out,
    pollInterval: 50,
    taskTimeout: 8000,
    signal: AbortSignal.timeout(BACKSTOP_MS),
    onEvent: (e) => events.push(e),
  });
  expect(m.summary).toEqual({ total: 8, succeeded: 6, failed: 0, skipped: 1, unfinished: 1 });
  const [id] = stuck;
  const still = m.tasks.find((t) => t.node === "still/s2")!;
  expect(still).toMatchObject({ status: "unfinished", id });
  expect(still.ended).toBeUndefined();
  expect(still.error).toBe(`task ${id} did not end within 8 s (taskTimeout); it was left running at the API, not cancelled: a rerun re-attaches to it`);
  expect(m.tasks.find((t) => t.node === "clip/s2")).toMatchObject({ status: "skipped", error: "step still, item s2 did not end within taskTimeout" });
  expect(events).toContainEqual(expect.objectContaining({ type: "task", node: "still/s2", status: "timed-out", id }));
  expect(readManifest().summary).toEqual(m.summary);
  expect(await b.tasks()).toHaveLength(7);

  // The API ends it after all: a plain rerun follows that task, creating only the clip it skipped.
  const events2: PipelineEvent[] = [];
  const again = await runPipeline(file, { client: b.monet, outDir: b.out, pollInterval: 50, onEvent: (e) => events2.push(e) });
  expect(again.summary).toEqual({ total: 8, succeeded: 8, failed: 0, skipped: 0 });
  expect(events2).toContainEqual(expect.objectContaining({ type: "task", node: "still/s2", status: "attached", id }));
  expect(await b.tasks()).toHaveLength(8);
});

test("a run stopped by its signal writes its manifest: finished items with their files, the unfinished with their task ids; a rerun re-attaches", async () => {
  b = await bench(300);
  const file = b.write("stuck.yaml", PIPE);
  const { monet, stuck } = stuckClient();
  const stop = new AbortController();
  const saved = new Set<string>();
  const onEvent = (e: PipelineEvent) => {
    if (e.type === "task" && e.status === "saved") saved.add(e.node);
    // Everything but item s2's still and clip is done: then the operator presses Ctrl-C.
    if (saved.size === 6) stop.abort(new Error("SIGINT"));
  };
  const backstop = setTimeout(() => stop.abort(new Error("backstop")), BACKSTOP_MS);
  await expect(runPipeline(file, { client: monet, outDir: b.out, pollInterval: 50, signal: stop.signal, onEvent })).rejects.toThrow("SIGINT");
  clearTimeout(backstop);

  const m = readManifest();
  expect(m.summary).toEqual({ total: 8, succeeded: 6, failed: 0, skipped: 0, unfinished: 2 });
  for (const t of m.tasks.filter((t) => t.item !== "s2")) {
    expect(t.status).toBe("succeeded");
    expect(fs.existsSync(path.join(b.out, t.files[0]))).toBe(true);
  }
  const [id] = stuck;
  const still = m.tasks.find((t) => t.node === "still/s2")!;
  expect(still).toMatchObject({ status: "unfinished", id, error: `the run stopped before task ${id} ended; a rerun re-attaches to it` });
  expect(still.ended).toBeUndefined();
  expect(m.tasks.find((t) => t.node === "clip/s2")).toMatchObject({
    status: "unfinished",
    error: "the run stopped before this task was created; a rerun creates it",
  });

  const events: PipelineEvent[] = [];
  const again = await runPipeline(file, { client: b.monet, outDir: b.out, pollInterval: 50, onEvent: (e) => events.push(e) });
  expect(again.summary).toEqual({ total: 8, succeeded: 8, failed: 0, skipped: 0 });
  expect(events).toContainEqual(expect.objectContaining({ type: "task", node: "still/s2", status: "attached", id }));
  expect(await b.tasks()).toHaveLength(8);
});

test("taskTimeout must be milliseconds above 0, checked before anything is sent", async () => {
  b = await bench(300);
  const file = b.write("stuck.yaml", PIPE);
  const err = await runPipeline(file, { client: b.monet, outDir: b.out, taskTimeout: -1 }).catch((e) => e);
  expect(err.issues.map((i: { path: string }) => i.path)).toEqual(["taskTimeout"]);
  expect(b.requests).toEqual([]);
});
