// `pnpm check:generated` after a hand edit of a generated page (the typo fix a contributor makes
// first): the message names the generator that writes the file and the line that differs, and
// says that `pnpm generate` overwrites the edit, so the fix goes to the spec or the generator.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, expect, test } from "vitest";
import { driftMessage, driftProblems } from "../../scripts/check-generated.mjs";
import { generators } from "../../scripts/generators.mjs";
import { repoRoot } from "../support/seed.ts";

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "monet-drift-"));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

test("a hand-edited model guide page is named with its generator, the differing line, and where the edit belongs", () => {
  const guide = generators.find((g) => g.name === "model guide")!;
  const [fresh, committed] = ["fresh", "committed"].map((d) => path.join(scratch, d));
  for (const d of [fresh, committed]) fs.cpSync(path.join(repoRoot, "docs/models"), path.join(d, "docs/models"), { recursive: true });
  const page = path.join(committed, "docs/models/video.md");
  const lines = fs.readFileSync(page, "utf8").split("\n");
  lines[4] = `${lines[4]} (hand-fixed typo)`;
  fs.writeFileSync(page, lines.join("\n"));

  const problems = driftProblems(fresh, committed, [guide]);
  expect(problems).toHaveLength(1);
  expect(problems[0]).toContain("docs/models/video.md, written by the model guide generator (scripts/gen-model-guide.mjs); line 5: committed");
  expect(problems[0]).toContain("hand-fixed typo");
  const message = driftMessage(problems);
  expect(message).toContain("`pnpm generate` overwrites that edit");
  expect(message).toContain("openapi/src");
});

test("every generator names the script a contributor edits, and that script exists", () => {
  for (const g of generators) expect(fs.existsSync(path.join(repoRoot, g.script)), `${g.name}: ${g.script}`).toBe(true);
});
