// The changeset check in a throwaway git repository: a change to a published package fails it
// until a changeset comes along; other changes pass.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "vitest";
import { missingChangesets } from "../../scripts/check-changeset.mjs";

test("a published package's change needs a changeset", () => {
  const repo = fs.mkdtempSync(path.join(os.tmpdir(), "monet-changeset-"));
  const git = (...a: string[]) => execFileSync("git", ["-c", "user.email=t@t", "-c", "user.name=t", ...a], { cwd: repo });
  const write = (f: string, s: string) => {
    fs.mkdirSync(path.dirname(path.join(repo, f)), { recursive: true });
    fs.writeFileSync(path.join(repo, f), s);
  };
  try {
    git("init", "-q", "-b", "main");
    write("packages/client/package.json", JSON.stringify({ name: "@monet-ai/client" }));
    write("packages/bench/package.json", JSON.stringify({ name: "@monet-ai/bench", private: true }));
    write(".changeset/config.json", "{}");
    git("add", "-A");
    git("commit", "-qm", "base");
    git("checkout", "-qb", "work");
    write("packages/bench/x.js", "1");
    git("add", "-A");
    git("commit", "-qm", "private only");
    expect(missingChangesets(repo, "main")).toEqual([]);
    write("packages/client/src.ts", "1");
    git("add", "-A");
    git("commit", "-qm", "client change");
    expect(missingChangesets(repo, "main")).toEqual(["@monet-ai/client"]);
    write(".changeset/brave-cats.md", '---\n"@monet-ai/client": patch\n---\n\nFix.\n');
    git("add", "-A");
    git("commit", "-qm", "changeset");
    expect(missingChangesets(repo, "main")).toEqual([]);
  } finally {
    fs.rmSync(repo, { recursive: true, force: true });
  }
});
