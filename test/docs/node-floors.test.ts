// A Node floor the docs state for one of our packages is that package's own (`engines` in its
// package.json), never a second number typed by hand: the AI SDK guide said "Node >= 22" beside
// the provider's install line while the provider needs 22.12 (the audit's F4). Checked: each
// package's README, and every markdown line of the repository that names a package of ours.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";
import { repoRoot } from "../support/seed.ts";

/** Each package of ours: its name, README and Node floor ("22.12"). */
const packages = fs
  .readdirSync(path.join(repoRoot, "packages"))
  .filter((d) => fs.existsSync(path.join(repoRoot, "packages", d, "package.json")))
  .map((d) => {
    const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, "packages", d, "package.json"), "utf8"));
    return { name: manifest.name as string, readme: `packages/${d}/README.md`, floor: String(manifest.engines?.node ?? "").match(/^>=\s*([\d.]+)$/)?.[1] };
  });

const markdown = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard", "*.md"], { cwd: repoRoot, encoding: "utf8" })
  .split("\0")
  .filter((f) => f && !f.includes("node_modules/") && !f.startsWith(".changeset/") && fs.existsSync(path.join(repoRoot, f)));

const FLOOR = /Node(?:\.js)?\s*>=\s*(\d+(?:\.\d+)*)/g;

test("every package states its Node floor as `>=x.y` in engines", () => {
  for (const p of packages) expect(p.floor, p.name).toMatch(/^\d+\.\d+$/);
});

test("each Node floor stated in a package's README, or on a line naming one of our packages, is that package's engines floor", () => {
  const wrong: string[] = [];
  let checked = 0;
  for (const file of markdown) {
    const own = packages.find((p) => p.readme === file);
    fs.readFileSync(path.join(repoRoot, file), "utf8")
      .split("\n")
      .forEach((line, i) => {
        const named = packages.filter((p) => line.includes(p.name));
        // A line naming several packages states the highest floor of them (what the install needs).
        const subject = named.length ? named : own ? [own] : [];
        if (!subject.length) return;
        const want = subject
          .map((p) => p.floor!)
          .sort((a, b) => a.localeCompare(b, "en", { numeric: true }))
          .at(-1);
        for (const m of line.matchAll(FLOOR)) {
          checked++;
          if (m[1] !== want) wrong.push(`${file}:${i + 1}: says Node >= ${m[1]}, the package's engines say >=${want}`);
        }
      });
  }
  expect(wrong).toEqual([]);
  expect(checked).toBeGreaterThan(0);
});
