// A dry run reads each local medium's first bytes, as the run does, through the same checked
// descriptor (local-media.ts): a text file renamed .png is reported before anything is sent, not
// only when its task runs.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, expect, test } from "vitest";
import { dryRun } from "../src/index.js";
import { PNG } from "./hostile-api.js";

let dir: string;
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

test("a dry run over items naming a text file renamed .png reports it, naming the step, the item, the field and the file", () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "monet-dry-media-"));
  fs.writeFileSync(path.join(dir, "real.png"), PNG);
  fs.writeFileSync(path.join(dir, "notes.png"), "SECRET-NOTES, not a PNG\n");
  const file = path.join(dir, "p.yaml");
  fs.writeFileSync(
    file,
    `name: renamed
items: [{ id: good, img: ./real.png }, { id: bad, img: ./notes.png }, { id: again, img: ./notes.png }]
steps:
  s: { foreach: items, type: image, input: { model: flux-kontext-pro, prompt: restyle, images: ["\${{ item.img }}"] } }
`,
  );
  const r = dryRun(file);
  expect(r.ok).toBe(false);
  const says = (item: string) => ({
    step: "s",
    item,
    path: "steps.s.input.images[0]",
    field: "images[0]",
    // The item's line (all three are on line 2): the value comes from the item.
    file,
    line: 2,
    message: `step s, item ${item}: input.images[0] is a local file that does not look like image/png (its first bytes are not that format's signature): "./notes.png"`,
  });
  expect(r.issues).toEqual([says("bad"), says("again")]);
  // The plan is still made; the file's bytes are never quoted.
  expect(r.total).toBe(3);
  expect(JSON.stringify(r)).not.toContain("SECRET-NOTES");

  fs.writeFileSync(path.join(dir, "notes.png"), PNG);
  expect(dryRun(file).issues).toEqual([]);
});
