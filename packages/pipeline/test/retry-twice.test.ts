// A task that failed, then failed again under --retry-failed: a plain rerun reports the second
// failure (the latest attempt) and creates nothing; another --retry-failed creates a third
// attempt, under a new key. The journal numbers each create by its attempt. With the attempt
// count not moving, the walk from attempt to attempt never ended: the plain rerun hung.
import fs from "node:fs";
import path from "node:path";
import { afterEach, expect, test } from "vitest";
import { runPipeline } from "../src/index.js";
import { type Bench, bench } from "./helpers.js";

let b: Bench;
afterEach(async () => b?.close());

const PIPE = `name: retry-twice
items:
  - { id: k1, p: "[fail] still" }
steps:
  still: { foreach: items, type: image, input: { model: flux-2-dev, prompt: "\${{ item.p }}" } }
`;

test("failed twice: a plain rerun reports the latest attempt and creates nothing; --retry-failed creates a third", async () => {
  b = await bench(50);
  const file = b.write("rt.yaml", PIPE);
  const run = (retryFailed = false) => runPipeline(file, { client: b.monet, outDir: b.out, pollInterval: 50, retryFailed });
  const creating = () =>
    fs
      .readFileSync(path.join(b.out, ".pipeline", "journal.jsonl"), "utf8")
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { t: string; attempt?: number; key?: string })
      .filter((r) => r.t === "creating");

  const first = await run();
  const second = await run(true);
  expect([first.tasks[0].status, second.tasks[0].status]).toEqual(["failed", "failed"]);
  expect(second.tasks[0].id).not.toBe(first.tasks[0].id);
  expect(creating().map((r) => r.attempt)).toEqual([0, 1]);

  const plain = await run();
  expect(plain.tasks[0]).toMatchObject({ status: "failed", id: second.tasks[0].id });
  expect(await b.tasks()).toHaveLength(2);

  const third = await run(true);
  expect(third.tasks[0].status).toBe("failed");
  expect(await b.tasks()).toHaveLength(3);
  const c = creating();
  expect(c.map((r) => r.attempt)).toEqual([0, 1, 2]);
  expect(new Set(c.map((r) => r.key)).size).toBe(3);
});
