// A reader with only Node is told how to get pnpm where the README first asks for it, at the
// version package.json pins: every `pnpm@<version>` the docs write must be that one.
import fs from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";
import { repoRoot } from "../support/seed.ts";

const read = (p: string) => fs.readFileSync(path.join(repoRoot, p), "utf8");
const pinned: string = JSON.parse(read("package.json")).packageManager;

test("the README's 'Working on it' says how to run the pinned pnpm with only Node", () => {
  const readme = read("README.md");
  const section = readme.slice(readme.indexOf("## Working on it"));
  const firstPnpm = section.search(/`pnpm [a-z]/);
  expect(section.slice(0, firstPnpm)).toContain(`npx -y ${pinned}`);
  expect(section).toContain("corepack enable");
});

test("every pnpm@<version> in the READMEs, CONTRIBUTING and the guides is the pinned one", () => {
  const docs = ["README.md", "CONTRIBUTING.md", ...fs.readdirSync(path.join(repoRoot, "docs/guides")).map((f) => `docs/guides/${f}`)];
  const versions = docs.flatMap((f) => [...read(f).matchAll(/\bpnpm@(\d[\w.-]*)/g)].map((m) => `${f}: pnpm@${m[1]}`));
  expect(versions.length).toBeGreaterThan(0);
  expect(versions.filter((v) => !v.endsWith(`: ${pinned}`))).toEqual([]);
});
