// An output folder belongs to the pipeline that first ran into it (by name): a pipeline of another
// name is refused before anything is sent, whether the folder's manifest or only its journal says
// whose it is, and the same pipeline keeps resuming there.
import fs from "node:fs";
import path from "node:path";
import { afterEach, expect, test } from "vitest";
import { runPipeline } from "../src/index.js";
import { type Bench, bench, outDirRefusal } from "./helpers.js";

let b: Bench;
afterEach(async () => b?.close());

const run = (file: string) => runPipeline(file, { client: b.monet, outDir: b.out, pollInterval: 50 });

const pipeline = (name: string, items: string[], prompt: string) =>
  `name: ${name}
items:
${items.map((id) => `  - { id: ${id} }`).join("\n")}
steps:
  still: { foreach: items, type: image, input: { model: flux-2-dev, prompt: "${prompt} \${{ item.id }}" } }
`;

/** Every file under the output folder with its bytes. */
const snapshot = () =>
  Object.fromEntries(
    (fs.readdirSync(b.out, { recursive: true }) as string[])
      .filter((f) => fs.statSync(path.join(b.out, f)).isFile())
      .sort()
      .map((f) => [f, fs.readFileSync(path.join(b.out, f), "utf8")]),
  );

const ADVICE = /Choose another out folder; or, if you renamed the pipeline on purpose, remove manifest\.json and the \.pipeline folder from /;

test("a second pipeline into the first one's folder is refused before anything is sent; the first one's files are untouched and it still resumes", async () => {
  b = await bench();
  const alpha = b.write("a.yaml", pipeline("alpha", ["a", "b"], "alpha"));
  const beta = b.write("b.yaml", pipeline("beta", ["a"], "beta"));
  const first = await run(alpha);
  expect(first.summary.succeeded).toBe(2);
  const before = snapshot();
  const sent = b.requests.length;

  const message = await outDirRefusal(run(beta));
  expect(message).toContain(`${path.join(fs.realpathSync(b.out), "manifest.json")} belongs to pipeline "alpha", not "beta"`);
  expect(message).toMatch(ADVICE);
  expect(b.requests.length).toBe(sent);
  expect(snapshot()).toEqual(before);
  expect((await b.tasks()).length).toBe(2);

  // The same pipeline resumes there, creating nothing.
  const again = await run(alpha);
  expect(again.tasks.every((t) => t.reused)).toBe(true);
  expect((await b.tasks()).length).toBe(2);
});

test("the journal alone says whose the folder is (a run that never wrote its manifest); a journal from before it did is taken over by the manifest's name", async () => {
  b = await bench();
  const alpha = b.write("a.yaml", pipeline("alpha", ["a", "b"], "alpha"));
  const beta = b.write("b.yaml", pipeline("beta", ["a"], "beta"));
  await run(alpha);
  fs.rmSync(path.join(b.out, "manifest.json"));
  const sent = b.requests.length;
  const message = await outDirRefusal(run(beta));
  expect(message).toContain(`${path.join(fs.realpathSync(b.out), ".pipeline", "journal.jsonl")} belongs to pipeline "alpha", not "beta"`);
  expect(message).toMatch(ADVICE);
  expect(b.requests.length).toBe(sent);
  // The refused run let go of the folder: the owner runs there at once.
  expect((await run(alpha)).summary.succeeded).toBe(2);

  // A journal written before journals named their pipeline: the manifest's name decides.
  const journal = path.join(b.out, ".pipeline", "journal.jsonl");
  const lines = fs.readFileSync(journal, "utf8").split("\n");
  fs.writeFileSync(journal, lines.filter((l) => !l.includes('"t":"pipeline"')).join("\n"));
  expect(await outDirRefusal(run(beta))).toContain('manifest.json belongs to pipeline "alpha", not "beta"');
  const resumed = await run(alpha);
  expect(resumed.tasks.every((t) => t.reused)).toBe(true);
  expect(fs.readFileSync(journal, "utf8")).toContain('{"t":"pipeline","name":"alpha"}');
  expect((await b.tasks()).length).toBe(2);
});

test("renamed on purpose: with the manifest and journal removed it runs, and an old output in its way is kept, saying what to do", async () => {
  b = await bench();
  const alpha = b.write("a.yaml", pipeline("alpha", ["a"], "alpha"));
  const beta = b.write("b.yaml", pipeline("beta", ["a"], "beta"));
  await run(alpha);
  const old = fs.readFileSync(path.join(b.out, "still", "a.png"));
  fs.rmSync(path.join(b.out, "manifest.json"));
  fs.rmSync(path.join(b.out, ".pipeline"), { recursive: true });
  const m = await run(beta);
  expect(m.name).toBe("beta");
  expect(m.tasks[0].status).toBe("failed");
  // The downloader's own words offer an overwrite option, which a run has not.
  expect(m.tasks[0].error).toBe(
    `the task succeeded but its output could not be saved: ${path.join(fs.realpathSync(b.out), "still", "a.png")} already exists and this pipeline did not write it; the run never overwrites it (move it away, or choose another out folder)`,
  );
  expect(fs.readFileSync(path.join(b.out, "still", "a.png"))).toEqual(old);
});
