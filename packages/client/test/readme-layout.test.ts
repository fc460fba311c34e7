// The README is for users of the package: usage first, in the order a newcomer needs it (as
// openai-node's and fal-js's are), with byte budgets, bundling and benchmark figures in the
// client's CONTRIBUTING.md. Before, 649 lines mixed them into the how-to, and `run` came after
// rollup's chunking and callgrind ratios for a reader who scrolled (audit s20-client R5).
import fs from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";

const read = (name: string) => fs.readFileSync(path.resolve(import.meta.dirname, "..", name), "utf8");
const headings = (text: string) => [...text.matchAll(/^## (.+)$/gm)].map((m) => m[1]);

test("the README's sections go from a first call to the reference, and end with runtimes", () => {
  const h = headings(read("README.md"));
  const at = (start: string) => h.findIndex((x) => x.startsWith(start));
  const usage = [
    "Try it without a key",
    "Configuration",
    "Models",
    "Wait, run, stream",
    "Uploads",
    "Saving outputs",
    "Outputs as",
    "Retries",
    "Errors",
    "List",
    "Any operation",
    "Request ids",
    "Security",
    "Runtimes",
  ];
  expect(usage.map(at)).toEqual(usage.map((_, i) => i));
  expect(h).toHaveLength(usage.length);
});

test("byte budgets, bundling and benchmark figures are in CONTRIBUTING.md, which the README links", () => {
  const readme = read("README.md");
  expect(readme).not.toMatch(/min\+gz|callgrind|rollup|esbuild|tsup|pnpm bench/i);
  expect(readme).toContain("(https://github.com/monet-ai/monet-sdk/blob/main/packages/client/CONTRIBUTING.md)");
  expect(headings(read("CONTRIBUTING.md"))).toEqual(["Size and speed", "How it is built"]);
});

test("every section link of the README's contents names a heading it has", () => {
  const readme = read("README.md");
  const anchor = (h: string) =>
    h
      .toLowerCase()
      .replace(/[^\w\- ]/g, "")
      .replace(/ /g, "-");
  const known = new Set(headings(readme).map(anchor));
  const links = [...readme.matchAll(/\]\(#([^)]+)\)/g)].map((m) => m[1]);
  expect(links.length).toBeGreaterThan(10);
  expect(links.filter((l) => !known.has(l))).toEqual([]);
});
