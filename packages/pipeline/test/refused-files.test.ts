// A file the run did not write stays where it is on every run: the first run refuses to overwrite
// it, and a plain rerun refused it again (it took the first run's "saving" record, written before
// the refused save, for proof the file was its own, and deleted it). Only a file the journal says
// the run saved, with the same size and SHA-256 still, is replaced (an edited input's old output).
import fs from "node:fs";
import path from "node:path";
import { afterEach, expect, test } from "vitest";
import { nextSteps, runPipeline } from "../src/index.js";
import { type Bench, bench } from "./helpers.js";

let b: Bench;
afterEach(async () => b?.close());

const pipeline = (prompt: string) => `name: refused
items: [ { id: hero }, { id: other } ]
steps:
  still: { foreach: items, type: image, input: { model: flux-2-dev, prompt: "${prompt} \${{ item.id }}" } }
`;
const run = (file: string) => runPipeline(file, { client: b.monet, outDir: b.out, pollInterval: 50 });
const hero = () => path.join(b.out, "still", "hero.png");
const refusal = () =>
  `the task succeeded but its output could not be saved: ${path.join(fs.realpathSync(b.out), "still", "hero.png")} already exists and this pipeline did not write it; the run never overwrites it (move it away, or choose another out folder)`;
const heroTask = (m: Awaited<ReturnType<typeof run>>) => m.tasks.find((t) => t.item === "hero");

test("a user's file at an output name is refused on the first run and on every rerun, untouched", async () => {
  b = await bench(50);
  const file = b.write("p.yaml", pipeline("a"));
  fs.mkdirSync(path.join(b.out, "still"), { recursive: true });
  const art = Buffer.from("\x89PNG\r\n\x1a\nHAND-RETOUCHED");
  fs.writeFileSync(hero(), art);
  for (let round = 0; round < 3; round++) {
    const m = await run(file);
    expect(heroTask(m)?.status).toBe("failed");
    expect(heroTask(m)?.error).toBe(refusal());
    // Not "rerun": a rerun fails the same way until the file is moved.
    expect(heroTask(m)?.cause).toBe("in-the-way");
    expect(nextSteps(m.tasks)).toEqual(["move the file away"]);
    expect(fs.readFileSync(hero())).toEqual(art);
  }
});

test("a link planted at an output name is refused on every run, and stays", async () => {
  b = await bench(50);
  const file = b.write("p.yaml", pipeline("a"));
  fs.mkdirSync(path.join(b.out, "still"), { recursive: true });
  const target = b.write("elsewhere.png", "mine");
  fs.symlinkSync(target, hero());
  for (let round = 0; round < 2; round++) {
    const m = await run(file);
    expect(heroTask(m)?.status).toBe("failed");
    expect(fs.lstatSync(hero()).isSymbolicLink()).toBe(true);
  }
  expect(fs.readFileSync(target, "utf8")).toBe("mine");
});

test("an output the run saved is replaced when the input changes; once edited by hand, it is refused instead", async () => {
  b = await bench(50);
  const first = await run(b.write("p.yaml", pipeline("a")));
  // A changed prompt: a new task, whose output replaces the one this pipeline saved.
  const second = await run(b.write("p.yaml", pipeline("b")));
  expect(heroTask(second)?.status).toBe("succeeded");
  expect(heroTask(second)?.id).not.toBe(heroTask(first)?.id);
  expect(heroTask(second)?.reused).toBeFalsy();
  // Retouched in place (same size): not what the run saved, so never replaced.
  const saved = fs.readFileSync(hero());
  const retouched = Buffer.from(saved);
  retouched[retouched.length - 1] ^= 1;
  fs.writeFileSync(hero(), retouched);
  const third = await run(b.write("p.yaml", pipeline("c")));
  expect(heroTask(third)?.error).toBe(refusal());
  expect(fs.readFileSync(hero())).toEqual(retouched);
});
