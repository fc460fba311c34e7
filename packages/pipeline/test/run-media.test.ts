// A run reads each local medium's first bytes before anything is sent, as a dry run does: a text
// file named .png was refused only when its task ran, after the other items were created and
// paid for, with `next: ["rerun"]` (every rerun failed the same way). A file that changes after
// that check fails its task with `cause: "input"`, and `next` says to fix the file.
import fs from "node:fs";
import path from "node:path";
import { afterEach, expect, test } from "vitest";
import { nextSteps, type PipelineEvent, PipelineFileError, runPipeline } from "../src/index.js";
import { type Bench, bench } from "./helpers.js";
import { PNG } from "./hostile-api.js";

let b: Bench;
afterEach(async () => b?.close());

const pipeline = `name: media
items: [ { id: a, img: ./real.png }, { id: c, img: ./notes.png } ]
steps:
  s: { foreach: items, type: image, input: { model: flux-kontext-pro, prompt: restyle, images: ["\${{ item.img }}"] } }
`;

test("a text file named .png is refused before any request, naming the step, item, field and file", async () => {
  b = await bench(50);
  b.write("real.png", PNG);
  b.write("notes.png", "hello\n");
  const file = b.write("p.yaml", pipeline);
  const err = await runPipeline(file, { client: b.monet, outDir: b.out, pollInterval: 50 }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(PipelineFileError);
  expect((err as PipelineFileError).issues).toEqual([
    {
      step: "s",
      item: "c",
      path: "steps.s.input.images[0]",
      field: "images[0]",
      // The item's line in the file: the value comes from the item.
      file,
      line: 2,
      message: `step s, item c: input.images[0] is a local file that does not look like image/png (its first bytes are not that format's signature): "./notes.png"`,
    },
  ]);
  expect(b.requests).toEqual([]);
  expect(fs.existsSync(b.out)).toBe(false);
});

test("a file that stops being an image after the check fails its task with cause input, and next says fix the file", async () => {
  b = await bench(50);
  b.write("real.png", PNG);
  const notes = b.write("notes.png", PNG);
  const file = b.write("p.yaml", pipeline);
  let next: string[] = [];
  const onEvent = (e: PipelineEvent) => {
    // After the run's check, before any task reads it.
    if (e.type === "start") fs.writeFileSync(notes, "hello\n");
    if (e.type === "done") next = e.next;
  };
  const m = await runPipeline(file, { client: b.monet, outDir: b.out, pollInterval: 50, onEvent });
  const c = m.tasks.find((t) => t.item === "c");
  expect(c?.status).toBe("failed");
  expect(c?.cause).toBe("input");
  expect(c?.error).toContain("input.images[0] is a local file that does not look like image/png");
  expect(next).toEqual(["fix the file"]);
  expect(nextSteps(m.tasks)).toEqual(["fix the file"]);
  expect(path.basename(m.tasks.find((t) => t.item === "a")?.files?.[0] ?? "")).toBe("a.png");
});
