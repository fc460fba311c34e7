// Every `npx` command a reader is told to run names the npm package it means. npx resolves its
// first word as a package on the npm registry (`npx monet-mock` asks npm for a package called
// `monet-mock`, not for our `@monet-ai/mock` whose bin has that name), so outside this repository
// a bin name alone runs a stranger's package or fails. Scanned: every markdown file of the
// repository (READMEs, guides, the generated model guide), the built site's pages (the decorated
// spec the docs build renders) and the messages of the packages' hand-written sources.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { decorate } from "../../scripts/build-docs.mjs";
import { repoRoot } from "../support/seed.ts";
import { spec } from "../support/spec.ts";

interface Manifest {
  name: string;
  bin?: Record<string, string> | string;
}
const manifest = (dir: string): Manifest => JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
const binMap = (m: Manifest): Record<string, string> => (typeof m.bin === "string" ? { [m.name.replace(/^@[^/]+\//, "")]: m.bin } : (m.bin ?? {}));

/** Our packages, by name: what `npx -y <name>` would fetch once they are published. */
const workspace = new Map(
  fs
    .readdirSync(path.join(repoRoot, "packages"))
    .filter((d) => fs.existsSync(path.join(repoRoot, "packages", d, "package.json")))
    .map((d) => manifest(path.join(repoRoot, "packages", d)))
    .map((m) => [m.name, m] as const),
);

/**
 * Other people's packages the docs run with npx, and the bin each has (checked against the
 * installed copy where the interop suite installs one). A name not here and not ours fails.
 */
const external: Record<string, string> = {
  pnpm: "pnpm", // the pinned package manager, for readers with only Node (test/docs/pnpm-version)
  "openapi-typescript": "openapi-typescript",
  kubb: "kubb",
  orval: "orval",
  "openapi-zod-client": "openapi-zod-client",
  "swagger-typescript-api": "swagger-typescript-api",
  "@hey-api/openapi-ts": "openapi-ts",
  "typed-openapi": "typed-openapi",
  tsx: "tsx", // runs a typed sample.mts on Node 20 (the model guide; its bin checked with npx tsx 4.23)
};

/** The bin `npx <package>` runs: npm's own rule (libnpmexec's getBinFromManifest). */
function binNpxRuns(m: Manifest): string | undefined {
  const bins = binMap(m);
  if (new Set(Object.values(bins)).size === 1) return Object.keys(bins)[0];
  const unscoped = m.name.replace(/^@[^/]+\//, "");
  return bins[unscoped] ? unscoped : undefined;
}
const stripVersion = (spec: string) => spec.replace(/^(@?[^@]+)@.*$/, "$1");

/** What is wrong with one npx command (its words after `npx`), or undefined when it is right. */
function npxProblem(words: string[]): string | undefined {
  const packages: string[] = [];
  let i = 0;
  for (; i < words.length && words[i].startsWith("-"); i++) {
    const w = words[i];
    if (w === "-p" || w === "--package") packages.push(words[++i]);
    else if (w.startsWith("--package=")) packages.push(w.slice("--package=".length));
    else if (!["-y", "--yes", "--no", "--no-install"].includes(w)) return `unknown npx option ${w}`;
  }
  const first = words[i];
  if (!first) return "no command";
  const known = (name: string): Manifest | undefined => workspace.get(name) ?? (name in external ? { name, bin: { [external[name]]: "" } } : undefined);
  if (packages.length) {
    for (const p of packages) if (!known(stripVersion(p))) return `-p ${p} is neither one of our packages nor an allowed external one`;
    const bins = packages.flatMap((p) => Object.keys(binMap(known(stripVersion(p))!)));
    return bins.includes(first) ? undefined : `${first} is not a bin of ${packages.join(", ")} (they have ${bins.join(", ")})`;
  }
  const name = stripVersion(first);
  const m = known(name);
  if (!m) {
    const owner = [...workspace.values()].find((w) => first in binMap(w));
    return owner
      ? `npx resolves ${first} as an npm package of that name; it is the bin of ${owner.name}: write npx -y ${owner.name}`
      : `${first} is neither one of our packages nor an allowed external one`;
  }
  return binNpxRuns(m) ? undefined : `${name} has several bins and none named after it: npx cannot pick one (use -p ${name} <bin>)`;
}

/** Each npx command in a text: the words after `npx`, up to the end of the command. */
function npxCommands(text: string): string[][] {
  const found: string[][] = [];
  // A shell line or inline code: `npx ...` ends at a backtick, a quote, a closing paren, `#`, `;`, `&`, `|` or the line's end.
  for (const m of text.matchAll(/(?:^|[\s`(:])npx((?:[ \t]+[^\s`'"()#;&|]+)+)/gm)) found.push(m[1].trim().split(/\s+/));
  // An MCP client's JSON config: "command": "npx", "args": [...].
  for (const m of text.matchAll(/"command":\s*"npx",\s*"args":\s*(\[[^\]]*\])/g)) found.push(JSON.parse(m[1]));
  return found;
}

const markdown = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard", "*.md"], { cwd: repoRoot, encoding: "utf8" })
  .split("\0")
  .filter((f) => f && !f.includes("node_modules/") && fs.existsSync(path.join(repoRoot, f)));
const sources = execFileSync("git", ["ls-files", "-z", "packages/*/src/*.ts", "packages/*/src/**/*.ts"], { cwd: repoRoot, encoding: "utf8" })
  .split("\0")
  .filter((f) => f && !f.includes("/generated/") && !f.endsWith(".gen.ts"));
const texts: [string, string][] = [
  ...markdown.map((f) => [f, fs.readFileSync(path.join(repoRoot, f), "utf8")] as [string, string]),
  ...sources.map((f) => [f, fs.readFileSync(path.join(repoRoot, f), "utf8")] as [string, string]),
  ["the built site (decorated spec)", JSON.stringify(decorate(spec), null, 1).replace(/\\n/g, "\n").replace(/\\"/g, '"')],
];

describe("npx commands", () => {
  test("the rule: a scoped package of ours or an allowed external one, whose bin npx can pick", () => {
    expect(npxProblem(["-y", "@monet-ai/mock", "--port", "4020"])).toBeUndefined();
    expect(npxProblem(["-y", "-p", "@monet-ai/mock", "monet-mock", "--port", "4020"])).toBeUndefined();
    expect(npxProblem(["monet-mock", "--port", "4020"])).toMatch(/npx -y @monet-ai\/mock/);
    expect(npxProblem(["-y", "-p", "@monet-ai/mock", "monet"])).toMatch(/not a bin/);
    expect(npxProblem(["left-pad"])).toMatch(/neither/);
    expect(npxCommands('run `npx monet-mock --port 4020` then\n  "command": "npx",\n  "args": ["-y", "@monet-ai/mcp"]')).toEqual([
      ["monet-mock", "--port", "4020"],
      ["-y", "@monet-ai/mcp"],
    ]);
  });

  test("the allowed external packages' bins are the installed ones' where the interop suite installs them", () => {
    for (const [name, bin] of Object.entries(external)) {
      const dir = [path.join(repoRoot, "node_modules", name), path.join(repoRoot, "test/interop/node_modules", name)].find((d) => fs.existsSync(d));
      if (dir) expect(Object.keys(binMap(manifest(dir))), name).toContain(bin);
    }
  });

  test("every npx command in the docs, the READMEs and the packages' messages names the package whose bin it runs", () => {
    const problems: string[] = [];
    let count = 0;
    for (const [file, text] of texts)
      for (const words of npxCommands(text)) {
        count++;
        const problem = npxProblem(words);
        if (problem) problems.push(`${file}: npx ${words.join(" ")}: ${problem}`);
      }
    expect(problems).toEqual([]);
    // The scan reads what it should: the CLI guide, the MCP configs, the tools guide, the mock's command.
    expect(count).toBeGreaterThan(15);
  });
});
