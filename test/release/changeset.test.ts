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

// Nothing is on npm yet: the first release is 0.1.0 for every package, and each changelog starts
// with one "first release" entry, not fixes to versions no user had. `changeset version` (what
// the "Version packages" pull request runs) on a copy of the manifests and pending changesets.
test("the pending changesets release every package as 0.1.0, with one first-release entry each", () => {
  const root = path.resolve(import.meta.dirname, "../..");
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), "monet-version-"));
  try {
    fs.cpSync(path.join(root, ".changeset"), path.join(copy, ".changeset"), { recursive: true });
    for (const f of ["package.json", "pnpm-workspace.yaml"]) fs.copyFileSync(path.join(root, f), path.join(copy, f));
    const dirs = fs.readdirSync(path.join(root, "packages"));
    for (const d of dirs) {
      fs.mkdirSync(path.join(copy, "packages", d), { recursive: true });
      fs.copyFileSync(path.join(root, "packages", d, "package.json"), path.join(copy, "packages", d, "package.json"));
    }
    fs.symlinkSync(path.join(root, "node_modules"), path.join(copy, "node_modules"), "dir");
    execFileSync(process.execPath, [path.join(root, "node_modules/@changesets/cli/bin.js"), "version"], { cwd: copy, stdio: "pipe" });
    for (const d of dirs) {
      const pkg = JSON.parse(fs.readFileSync(path.join(copy, "packages", d, "package.json"), "utf8"));
      if (pkg.private) continue;
      expect(pkg.version, pkg.name).toBe("0.1.0");
      const changelog = fs.readFileSync(path.join(copy, "packages", d, "CHANGELOG.md"), "utf8");
      expect(changelog.match(/^## .*/gm), pkg.name).toEqual(["## 0.1.0"]);
      // One entry of its own; "Updated dependencies" (the other packages' 0.1.0) is changesets' own line.
      const entries = changelog.split("\n").filter((l) => l.startsWith("- ") && !l.startsWith("- Updated dependencies"));
      expect(entries.length, `${pkg.name}:\n${changelog}`).toBe(1);
      expect(entries[0]).toMatch(/^- First release: /);
    }
    // No changeset is left pending.
    expect(fs.readdirSync(path.join(copy, ".changeset")).sort()).toEqual(["README.md", "config.json"]);
  } finally {
    fs.rmSync(copy, { recursive: true, force: true });
  }
}, 60_000);
