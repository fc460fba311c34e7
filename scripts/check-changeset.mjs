// Fails when a published package (packages/* not private) changed since a base ref and no
// changeset came with the change. CI runs it on pull requests: `node scripts/check-changeset.mjs origin/main`.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export function missingChangesets(repo, base) {
  const git = (...args) => execFileSync("git", args, { cwd: repo, encoding: "utf8" });
  const changed = git("diff", "--name-only", `${base}...HEAD`).split("\n").filter(Boolean);
  const published = fs
    .readdirSync(path.join(repo, "packages"))
    .filter((d) => !JSON.parse(fs.readFileSync(path.join(repo, "packages", d, "package.json"), "utf8")).private);
  const touched = published.filter((d) => changed.some((f) => f.startsWith(`packages/${d}/`)));
  const hasChangeset = changed.some((f) => /^\.changeset\/(?!README\.md$|config\.json$).+\.md$/.test(f));
  return hasChangeset ? [] : touched.map((d) => JSON.parse(fs.readFileSync(path.join(repo, "packages", d, "package.json"), "utf8")).name);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const base = process.argv[2] ?? "origin/main";
  const missing = missingChangesets(process.cwd(), base);
  if (missing.length) {
    console.error(
      `These published packages changed without a changeset: ${missing.join(", ")}.\nRun \`pnpm changeset\`, describe the change for users, and commit the file.`,
    );
    process.exit(1);
  }
  console.log("changesets: ok");
}
