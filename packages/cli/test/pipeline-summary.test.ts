// What `monet pipeline run` says after a run: a failure the pipeline file causes is not sent back
// to a rerun that fails the same way, each line says a word once, counts agree with their nouns,
// and a folder another pipeline writes into is refused. Subprocesses against the mock.
import fs from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";
import { mockBench } from "./mock-bench.ts";
import { monet as run } from "./run.ts";

const bench = mockBench("pipeline", { taskDuration: 300 });

const monet = (args: string[]) => run(args, { cwd: bench.cwd, env: { MONET_API_KEY: "monet_cli_pipeline", MONET_BASE_URL: bench.mock.url } });
const write = (name: string, text: string) => fs.writeFileSync(path.join(bench.cwd, name), text);

const TWO_STEPS = (ref: number) => `name: refs
items: [{ p: kite }, { p: boat }]
steps:
  still: { foreach: items, type: image, input: { model: flux-2-dev, prompt: "a \${{ item.p }}" } }
  clip: { foreach: items, type: video, input: { model: kling-2-6, prompt: orbit, images: ["\${{ steps.still.outputs[${ref}].url }}"] } }
  music: { type: music, needs: [clip], input: { model: minimax-music, prompt: a jingle } }
`;

test("a reference to an output that does not exist: what to fix in the file, not a rerun that fails the same way", async () => {
  write("refs.yaml", TWO_STEPS(1));
  for (const args of [[], ["--retry-failed"]]) {
    const r = await monet(["pipeline", "run", "refs.yaml", "--out", "out-refs", ...args]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("5 tasks: 2 succeeded, 2 failed, 1 skipped.");
    expect(r.stderr).toContain(
      "2 tasks could not be given their input: the pipeline file refers to something that does not exist, and a rerun (with --retry-failed too) fails the same way. Fix the file, then run the same command again:\n" +
        "  clip/1: input.images[0]: step still made 1 output, so it has no outputs[1] (they count from 0: outputs[0] is the first)\n" +
        "  clip/2: input.images[0]: step still made 1 output, so it has no outputs[1] (they count from 0: outputs[0] is the first)",
    );
    expect(r.stderr).not.toContain("Run the same command again to retry");
    // Said once: "music/music skipped: skipped: step clip, ..." before.
    expect(r.stderr).toMatch(/^\[\d\/5\] music\/music skipped: step clip, item 1 did not succeed$/m);
    expect(r.stderr).not.toContain("skipped: skipped");
  }
  // Fixed, the same command finishes it.
  write("refs.yaml", TWO_STEPS(0));
  const fixed = await monet(["pipeline", "run", "refs.yaml", "--out", "out-refs"]);
  expect(fixed.code, fixed.stderr).toBe(0);
});

test("one task is 1 task, in the first line and the last", async () => {
  write("one.yaml", "name: one\nsteps:\n  s: { type: image, input: { model: flux-2-dev, prompt: a kite } }\n");
  const r = await monet(["pipeline", "run", "one.yaml", "--out", "out-one"]);
  expect(r.code, r.stderr).toBe(0);
  expect(r.stderr).toMatch(/^pipeline one: 1 task \(s 1\) into /m);
  expect(r.stderr).toContain("1 task: 1 succeeded, 0 failed, 0 skipped.");
  expect(r.stderr).not.toContain("1 tasks");
});

test("a pipeline of another name into the same --out: exit 2 before anything is sent, saying what to do; the first one's outputs stay", async () => {
  write(
    "alpha.yaml",
    "name: alpha\nitems: [{ id: a }, { id: b }]\nsteps:\n  still: { foreach: items, type: image, input: { model: flux-2-dev, prompt: alpha } }\n",
  );
  write("beta.yaml", "name: beta\nitems: [{ id: a }]\nsteps:\n  still: { foreach: items, type: image, input: { model: flux-2-dev, prompt: beta } }\n");
  const alpha = await monet(["pipeline", "run", "alpha.yaml", "--out", "shared"]);
  expect(alpha.code, alpha.stderr).toBe(0);
  const shared = path.join(bench.cwd, "shared");
  const before = fs.readFileSync(path.join(shared, "still", "a.png"));
  const manifest = fs.readFileSync(path.join(shared, "manifest.json"), "utf8");
  const tasks = bench.mock.state.tasks.size;

  const beta = await monet(["pipeline", "run", "beta.yaml", "--out", "shared"]);
  expect(beta.code).toBe(2);
  expect(beta.stderr).toContain(`manifest.json belongs to pipeline "alpha", not "beta": this run would take over its outputs and manifest.`);
  expect(beta.stderr).toContain("Choose another out folder; or, if you renamed the pipeline on purpose, remove manifest.json and the .pipeline folder from");
  expect(beta.stderr).toContain("Nothing was sent.");
  expect(bench.mock.state.tasks.size).toBe(tasks);
  expect(fs.readFileSync(path.join(shared, "still", "a.png"))).toEqual(before);
  expect(fs.readFileSync(path.join(shared, "manifest.json"), "utf8")).toBe(manifest);

  // Resuming the first one still works.
  const again = await monet(["pipeline", "run", "alpha.yaml", "--out", "shared"]);
  expect(again.code, again.stderr).toBe(0);
  expect(again.stderr).toContain("still/a reused");
});

test("a file of yours at an output's name: the text hint names it and says to move it away and run again, not a plain rerun", async () => {
  write(
    "blocked.yaml",
    "name: blocked\nitems: [{ id: hero }]\nsteps:\n  still: { foreach: items, type: image, input: { model: flux-2-dev, prompt: a hero } }\n",
  );
  const mine = path.join(bench.cwd, "out-blocked", "still", "hero.png");
  fs.mkdirSync(path.dirname(mine), { recursive: true });
  fs.writeFileSync(mine, "retouched by hand");
  const r = await monet(["pipeline", "run", "blocked.yaml", "--out", "out-blocked"]);
  expect(r.code, r.stderr).toBe(1);
  const hint = r.stderr.slice(r.stderr.indexOf("1 output could not be saved"));
  expect(hint, r.stderr).toMatch(/^1 output could not be saved: .*move it away and run again/);
  // The file in the way, on the line under it (the run's own error, which names it).
  expect(hint.split("\n")[1]).toContain(`still/hero: the task succeeded but its output could not be saved: ${fs.realpathSync(mine)} already exists`);
  expect(r.stderr).not.toContain("Run the same command again to retry");
  expect(fs.readFileSync(mine, "utf8")).toBe("retouched by hand");
});
