// The saved record's SHA-256, what proves on a later run that the file at an output's name is the
// run's own (and may be replaced), is of the bytes downloaded, hashed as they are written. It was
// of the file read back after the save: a file changed in between (retouched by hand, same size)
// was recorded as the run's own, and the next run with a changed input replaced it.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { saveOutput } from "@monet-ai/client/node";
import { afterEach, expect, test } from "vitest";
import { type Download, runPipeline } from "../src/index.js";
import { type Bench, bench } from "./helpers.js";

let b: Bench;
afterEach(async () => b?.close());

const pipeline = (prompt: string) => `name: hashed
items: [ { id: hero } ]
steps:
  still: { foreach: items, type: image, input: { model: flux-2-dev, prompt: "${prompt}" } }
`;
const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

test("the saved record hashes the bytes downloaded, so a file retouched right after its save is never taken for the run's own", async () => {
  b = await bench(50);
  const hero = path.join(b.out, "still", "hero.png");
  let retouch = true;
  // The default save, then a hand edit of the same size before the run goes on.
  const download: Download = async (url, o) => {
    const saved = await saveOutput(url, o);
    if (retouch) {
      const bytes = fs.readFileSync(saved.path);
      bytes[bytes.length - 1] ^= 1;
      fs.writeFileSync(saved.path, bytes);
    }
    return saved;
  };
  const run = (prompt: string) => runPipeline(b.write("p.yaml", pipeline(prompt)), { client: b.monet, outDir: b.out, pollInterval: 50, download });
  const first = await run("a");
  expect(first.tasks[0].status).toBe("succeeded");
  const served = new Uint8Array(await (await fetch(first.tasks[0].outputs[0])).arrayBuffer());
  const journal = fs
    .readFileSync(path.join(b.out, ".pipeline", "journal.jsonl"), "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));
  const saved = journal.find((r) => r.t === "saved");
  expect(saved).toMatchObject({ bytes: served.length, sha256: sha256(served) });
  const retouched = fs.readFileSync(hero);
  expect(sha256(retouched)).not.toBe(sha256(served));

  // A changed input: a new task, whose output would replace the run's own file. This one is not.
  retouch = false;
  const second = await run("b");
  expect(second.tasks[0].cause).toBe("in-the-way");
  expect(fs.readFileSync(hero)).toEqual(retouched);
});

test("without the retouch, the file the run saved is replaced on a changed input (its hash matches)", async () => {
  b = await bench(50);
  const run = (prompt: string) => runPipeline(b.write("p.yaml", pipeline(prompt)), { client: b.monet, outDir: b.out, pollInterval: 50 });
  expect((await run("a")).tasks[0].status).toBe("succeeded");
  const second = await run("b");
  expect(second.tasks[0].status).toBe("succeeded");
  expect(second.tasks[0].reused).toBeFalsy();
});
