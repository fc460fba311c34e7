// The guides' prose reads as sentences: none starts in lower case after a full stop, which is how
// a sentence half-edited away shows (the AI SDK guide's '..."Not on npm yet"). with `npm install
// ai` beside it.', the audit's F5). A lower-case tool name the guide writes as code elsewhere
// (orval, npm) may start a sentence.
import fs from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";
import { repoRoot } from "../support/seed.ts";

const dir = path.join(repoRoot, "docs/guides");
const guides = fs.readdirSync(dir).filter((f) => f.endsWith(".md"));

/** The prose of a guide: code blocks, example includes and comments out, code spans as a word. */
function prose(md: string) {
  return md
    .replace(/^```[\s\S]*?^```/gm, "")
    .replace(/<!--[\s\S]*?-->/g, "")
    .replace(/`[^`\n]+`/g, "CODE");
}

const ABBREVIATIONS = /(?:\be\.g|\bi\.e|\bvs|\betc)\.$/;

test("the check finds a sentence that starts in lower case (the rule's own case)", () => {
  expect(prose('(the README, "Not on npm yet"). with `npm install ai` beside it.').match(/[^\s.]\. +([a-z]\w*)/)?.[1]).toBe("with");
});

test("no sentence of a guide starts in lower case after a full stop", () => {
  const bad: string[] = [];
  for (const file of guides) {
    const md = fs.readFileSync(path.join(dir, file), "utf8");
    const code = [...md.matchAll(/`[^`]+`|^```[\s\S]*?^```/gm)].map((m) => m[0]).join("\n");
    for (const m of prose(md).matchAll(/([^\s.]+)\. +([a-z]\w*)/g)) {
      if (ABBREVIATIONS.test(`${m[1]}.`) || new RegExp(`\\b${m[2]}\\b`).test(code)) continue;
      bad.push(`${file}: "${m[0]}"`);
    }
  }
  expect(bad).toEqual([]);
});
