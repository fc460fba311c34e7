// Model counts are derived (the model guide counts the spec), never typed by hand into prose:
// adding a model must not leave a README, a package description or the spec saying an old number.
import { spawnSync } from "node:child_process";
import { expect, test } from "vitest";
import { readSeedModels, repoRoot } from "../support/seed.ts";

test("no hand-written file states how many models there are", () => {
  const seed = readSeedModels();
  const counts = new Set([seed.length, ...["video", "image", "music"].map((t) => seed.filter((m) => m.type === t).length)]);
  // Counts of one ("1 music model") read as ordinary prose; larger ones are claims.
  const numbers = [...counts].filter((n) => n > 1).join("|");
  const pattern = `\\b(${numbers}) (models?|video|image|music|generation)\\b|\\ball (${numbers})\\b`;
  // Generated files count from the spec; the reference data is the count's one source.
  const grep = spawnSync(
    "git",
    [
      "grep",
      "-n",
      "-I",
      "-E",
      pattern,
      "--",
      ".",
      ":!openapi/dist",
      ":!openapi/reference",
      ":!pnpm-lock.yaml",
      ":!**/generated/**",
      ":!docs/models/**",
      ":!test/spec/counts.test.ts",
    ],
    {
      cwd: repoRoot,
      encoding: "utf8",
    },
  );
  expect(grep.status, grep.stderr).toBe(1); // git grep: 1 = no line matched
  expect(grep.stdout).toBe("");
});
