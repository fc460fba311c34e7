// What the published packages promise in their manifests and READMEs, checked against the one
// place each promise is made: the Node floor (the repository's README and CONTRIBUTING).
import fs from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { repoRoot } from "../support/seed.ts";

const read = (f: string) => fs.readFileSync(path.join(repoRoot, f), "utf8");
const published = fs
  .readdirSync(path.join(repoRoot, "packages"))
  .map((d) => ({ dir: `packages/${d}`, pkg: JSON.parse(read(`packages/${d}/package.json`)) }))
  .filter((p) => !p.pkg.private);

// The floor the repository's README states ("Node.js >= 20.19") and the release tests run on.
const floor = /Node\.js >= (\d+\.\d+)/.exec(read("README.md"))?.[1];
// The AI SDK needs Node 22, and the provider's CommonJS build loads it through require(esm): 22.12.
const providerFloor = "22.12";

describe("engines", () => {
  test("the repository states one floor", () => {
    expect(floor).toBe("20.19");
    expect(JSON.parse(read("package.json")).engines.node).toBe(`>=${floor}`);
    expect(read("CONTRIBUTING.md")).toContain(`engines: { node: ">=${floor}" }`);
  });
  test.each(published.map((p) => [p.pkg.name, p]))("%s says the floor its code needs", (name, p) => {
    const want = name === "@monet-ai/ai-sdk-provider" ? providerFloor : floor;
    expect(p.pkg.engines).toEqual({ node: `>=${want}` });
    // A README that names a Node floor names the same one.
    const readme = read(`${p.dir}/README.md`);
    for (const m of readme.matchAll(/Node >= (\d+(?:\.\d+)?)(?![.\d])/g)) expect(m[1], `${name} README: ${m[0]}`).toBe(want);
  });
  test("CONTRIBUTING names the provider's floor", () => {
    expect(read("CONTRIBUTING.md")).toContain(`engines: { node: ">=${providerFloor}" }`);
  });
});

// What ships in every tarball besides the code: the license text MIT requires to go with every
// copy, a README whose links work where it is read (node_modules, unpkg, an editor's hover), and
// a package.json holding only what npm and consumers read.
describe("what ships beside the code", () => {
  const license = () => (fs.existsSync(path.join(repoRoot, "LICENSE")) ? read("LICENSE") : "(no LICENSE at the repository root)");
  test("the repository is MIT-licensed, as every package.json says", () => {
    expect(license()).toMatch(/^MIT License\n\nCopyright \(c\) \d{4} \S/);
    expect(license()).toContain(
      "The above copyright notice and this permission notice shall be included in all\ncopies or substantial portions of the Software.",
    );
    expect(JSON.parse(read("package.json")).license).toBe("MIT");
  });
  test.each(published.map((p) => [p.pkg.name, p]))("%s carries the license text and says MIT", (_name, p) => {
    expect(p.pkg.license).toBe("MIT");
    expect(fs.existsSync(path.join(repoRoot, p.dir, "LICENSE")), `${p.dir}/LICENSE`).toBe(true);
    expect(read(`${p.dir}/LICENSE`)).toBe(license());
  });
  test.each(published.map((p) => [p.pkg.name, p]))("%s: every README link works outside the repository", (_name, p) => {
    const readme = read(`${p.dir}/README.md`);
    const repo = p.pkg.repository.url.replace(/^git\+/, "").replace(/\.git$/, "");
    const targets = [...readme.matchAll(/\]\(([^)\s]+)\)|<a [^>]*href="([^"]+)"/g)].map((m) => m[1] ?? m[2]);
    expect(targets.length).toBeGreaterThan(0);
    // Absolute, or a heading of this README: a relative link points at a file no tarball holds.
    expect(targets.filter((t) => !/^(https:\/\/|http:\/\/127\.0\.0\.1|mailto:|#)/.test(t))).toEqual([]);
    // Links into this repository name it as package.json does, on its main branch.
    for (const t of targets.filter((t) => t.startsWith("https://github.com/monet-ai/"))) expect(t.startsWith(`${repo}/`) || t === repo, t).toBe(true);
  });
  test.each(published.map((p) => [p.pkg.name, p]))("%s: package.json holds only fields npm and consumers read", (_name, p) => {
    const known = ["name", "version", "description", "license", "type", "sideEffects", "engines", "repository", "homepage", "bugs", "keywords", "author"];
    const entry = ["main", "module", "types", "exports", "typesVersions", "bin", "files", "scripts", "publishConfig"];
    const deps = ["dependencies", "devDependencies", "peerDependencies", "peerDependenciesMeta", "optionalDependencies"];
    expect(Object.keys(p.pkg).filter((k) => ![...known, ...entry, ...deps].includes(k))).toEqual([]);
  });
});
