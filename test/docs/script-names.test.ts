// Every `pnpm <name>` the READMEs tell a user to type runs the root script of that name. A
// script named like one of pnpm's own commands never runs that way: `pnpm docs` opens the
// package's npm page instead of building the docs. So each root script name is tried for real:
// in a scratch package whose scripts only print their name, `pnpm <name>` must print it. (Names
// with a ":" are left out: no pnpm command has one, and each pnpm start costs seconds here.)
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, test } from "vitest";
import { repoRoot } from "../support/seed.ts";

const run = promisify(execFile);
const scripts = Object.keys(JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8")).scripts as Record<string, string>);
/** pnpm's own commands the READMEs may quote (not scripts). */
const BUILTINS = new Set(["install", "i", "add", "exec", "run", "dlx", "-r", "--filter"]);
let scratch: string;

beforeAll(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), "monet-script-names-"));
  const echo = Object.fromEntries(scripts.map((name) => [name, `node -e "console.log('SCRIPT:' + process.argv[1])" ${name}`]));
  fs.writeFileSync(path.join(scratch, "package.json"), JSON.stringify({ name: "script-names", private: true, scripts: echo }));
});
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

test.concurrent.each(scripts.filter((name) => !name.includes(":")))(
  "`pnpm %s` runs the root script, not a pnpm command",
  async (name) => {
    // Nothing may leave the machine: a pnpm command that reaches for the registry or a browser
    // finds neither, and prints no SCRIPT line.
    const env = { ...process.env, npm_config_registry: "http://127.0.0.1:9/", npm_config_browser: "false", BROWSER: "false", CI: "true" };
    const out = await run("pnpm", [name], { cwd: scratch, env, timeout: 60_000 }).then(
      (r) => r.stdout + r.stderr,
      (e: { stdout?: string; stderr?: string }) => `${e.stdout ?? ""}${e.stderr ?? ""}`,
    );
    expect(out).toContain(`SCRIPT:${name}`);
  },
  90_000,
);

test("every `pnpm <name>` in README.md and CONTRIBUTING.md is a root script or one of pnpm's own commands", () => {
  for (const doc of ["README.md", "CONTRIBUTING.md"]) {
    const text = fs.readFileSync(path.join(repoRoot, doc), "utf8");
    for (const [, name] of text.matchAll(/`pnpm ([a-z][\w:-]*)/g)) expect(scripts.includes(name) || BUILTINS.has(name), `${doc}: pnpm ${name}`).toBe(true);
  }
});

test("every file or folder README.md and the CONTRIBUTING guides name in code (`scripts/dev.mjs`, `test/spec/...`) exists", () => {
  // Build outputs (git-ignored) exist only after a build; placeholders (<id>, *) name no one file.
  const BUILT = /^(docs\/dist|docs\/screenshots|bench\/results|tarballs|\.cache|\.tmp)\b/;
  const guides = ["README.md", "CONTRIBUTING.md", ...fs.readdirSync(path.join(repoRoot, "packages")).map((p) => `packages/${p}/CONTRIBUTING.md`)];
  for (const doc of guides.filter((d) => fs.existsSync(path.join(repoRoot, d)))) {
    const text = fs.readFileSync(path.join(repoRoot, doc), "utf8");
    for (const [, named] of text.matchAll(/`((?:scripts|test|\.ci|openapi|bench|packages|docs)\/[^`\s]*)`/g)) {
      if (/[<>*{}]|\.\.\./.test(named) || BUILT.test(named)) continue;
      const here = [path.join(repoRoot, named), path.join(repoRoot, path.dirname(doc), named)];
      expect(
        here.some((p) => fs.existsSync(p)),
        `${doc} names ${named}`,
      ).toBe(true);
    }
  }
});
