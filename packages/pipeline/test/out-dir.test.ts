// Everything a run writes stays inside its output folder: a link below it that leads elsewhere
// (a step folder, .pipeline, the journal, the manifest) is refused, before anything is sent when
// it is there at the start; a manifest.json the pipeline did not write is never replaced.
import fs from "node:fs";
import path from "node:path";
import { afterEach, expect, test } from "vitest";
import { type PipelineEvent, runPipeline } from "../src/index.js";
import { type Bench, bench, EXAMPLE, outDirRefusal } from "./helpers.js";

let b: Bench;
afterEach(async () => b?.close());

const run = (file: string, extra: Partial<Parameters<typeof runPipeline>[1]> = {}) =>
  runPipeline(file, { client: b.monet, outDir: b.out, pollInterval: 50, ...extra });

/** A folder beside the output folder that no run may write into. */
const elsewhere = () => {
  const dir = path.join(b.dir, "elsewhere");
  fs.mkdirSync(dir, { recursive: true });
  return dir;
};

test.each(["still", ".pipeline"])("a %s folder that links outside the output folder is refused before anything is sent", async (name) => {
  b = await bench();
  const file = b.write("teasers.yaml", EXAMPLE);
  const target = elsewhere();
  fs.mkdirSync(b.out);
  fs.symlinkSync(target, path.join(b.out, name));
  expect(await outDirRefusal(run(file))).toMatch(/is a link that leads outside .*remove the link, or choose another out folder/);
  expect(b.requests).toEqual([]);
  expect(fs.readdirSync(target)).toEqual([]);
});

test.each(["journal.jsonl", "lock"])("a .pipeline/%s that is a link is refused; the file it points at is untouched", async (name) => {
  b = await bench();
  const file = b.write("teasers.yaml", EXAMPLE);
  const target = path.join(elsewhere(), "precious.txt");
  fs.writeFileSync(target, "precious\n");
  fs.mkdirSync(path.join(b.out, ".pipeline"), { recursive: true });
  fs.symlinkSync(target, path.join(b.out, ".pipeline", name));
  expect(await outDirRefusal(run(file))).toMatch(/is a link; the run never writes through/);
  expect(b.requests).toEqual([]);
  expect(fs.readFileSync(target, "utf8")).toBe("precious\n");
});

test("a step folder replaced by a link during the run is not followed: that output fails, nothing lands outside", async () => {
  b = await bench();
  const file = b.write("teasers.yaml", EXAMPLE);
  const target = elsewhere();
  // The clips' folder does not exist before their first save: a link appears in its place once a clip is created.
  const onEvent = (e: PipelineEvent) => {
    if (e.type === "task" && e.step === "clip" && e.status === "created" && !fs.existsSync(path.join(b.out, "clip")))
      fs.symlinkSync(target, path.join(b.out, "clip"));
  };
  const m = await run(file, { onEvent });
  const clips = m.tasks.filter((t) => t.step === "clip");
  expect(clips.map((t) => t.status)).toEqual(["failed", "failed"]);
  expect(clips[0].error).toMatch(/output could not be saved: outDir: .*clip is a link that leads outside/);
  expect(m.tasks.find((t) => t.node === "still/1")!.files).toEqual([path.join("still", "1.png")]);
  expect(fs.readdirSync(target)).toEqual([]);
});

test("the output folder itself may be a link (the user named it): the run writes into its target", async () => {
  b = await bench();
  const file = b.write("teasers.yaml", EXAMPLE);
  const target = elsewhere();
  fs.symlinkSync(target, b.out);
  const m = await run(file);
  expect(m.summary.succeeded).toBe(5);
  expect(fs.existsSync(path.join(target, "still", "1.png"))).toBe(true);
  expect(fs.existsSync(path.join(target, "manifest.json"))).toBe(true);
});

test("a manifest.json the pipeline did not write is kept: refused before anything is sent, saying what to do", async () => {
  b = await bench();
  const file = b.write("teasers.yaml", EXAMPLE);
  const pwa = '{"name":"My PWA","icons":[]}\n';
  fs.mkdirSync(b.out);
  fs.writeFileSync(path.join(b.out, "manifest.json"), pwa);
  expect(await outDirRefusal(run(file))).toMatch(/manifest\.json was not written by this pipeline .*choose another out folder, or remove the file/);
  expect(fs.readFileSync(path.join(b.out, "manifest.json"), "utf8")).toBe(pwa);
  expect(fs.readdirSync(b.out)).toEqual(["manifest.json"]);
  expect(b.requests).toEqual([]);

  // Its own manifest (beside its journal) is replaced by a rerun.
  fs.rmSync(path.join(b.out, "manifest.json"));
  const first = await run(file);
  const again = await run(file);
  const written = JSON.parse(fs.readFileSync(path.join(b.out, "manifest.json"), "utf8"));
  expect(written.started_at).toBe(again.started_at);
  expect(written.started_at).not.toBe(first.started_at);

  // A folder that held a run can get someone else's manifest.json later: the journal alone does not make it ours.
  fs.writeFileSync(path.join(b.out, "manifest.json"), pwa);
  const sent = b.requests.length;
  expect(await outDirRefusal(run(file))).toMatch(/manifest\.json was not written by this pipeline \(it is not a pipeline manifest\)/);
  expect(fs.readFileSync(path.join(b.out, "manifest.json"), "utf8")).toBe(pwa);
  expect(b.requests.length).toBe(sent);
});

test("a manifest.json that is a link is refused; the file it points at is untouched", async () => {
  b = await bench();
  const file = b.write("teasers.yaml", EXAMPLE);
  await run(file);
  const target = path.join(elsewhere(), "app-manifest.json");
  fs.writeFileSync(target, "{}\n");
  fs.rmSync(path.join(b.out, "manifest.json"));
  fs.symlinkSync(target, path.join(b.out, "manifest.json"));
  const before = b.requests.length;
  expect(await outDirRefusal(run(file))).toMatch(/manifest\.json is a link/);
  expect(b.requests.length).toBe(before);
  expect(fs.readFileSync(target, "utf8")).toBe("{}\n");
  expect(fs.lstatSync(path.join(b.out, "manifest.json")).isSymbolicLink()).toBe(true);
});
