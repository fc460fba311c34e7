// Every read the run makes where a link or a FIFO may have been put since its check takes its flags
// from no-follow-read.ts: five modules spelled O_RDONLY | O_NOFOLLOW | O_NONBLOCK each, and one that
// left a flag out would follow a link, or hang on a FIFO, unnoticed.
import fs from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";

const src = path.join(import.meta.dirname, "../src");

test("only no-follow-read.ts spells O_NOFOLLOW or O_NONBLOCK in code (comments may name them)", () => {
  const spelled = fs
    .readdirSync(src, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".ts") && path.basename(f) !== "no-follow-read.ts")
    .filter((f) => {
      // Comments out: a line's `//` tail, and `*` lines of a block comment.
      const code = fs
        .readFileSync(path.join(src, f), "utf8")
        .split("\n")
        .filter((l) => !/^\s*(\*|\/\*)/.test(l))
        .map((l) => l.replace(/\/\/.*$/, ""))
        .join("\n");
      return /\bO_(NOFOLLOW|NONBLOCK)\b/.test(code);
    });
  expect(spelled).toEqual([]);
  expect(fs.readFileSync(path.join(src, "no-follow-read.ts"), "utf8")).toMatch(/O_RDONLY \| NO_FOLLOW \| NON_BLOCKING/);
});
