// `npm run tarballs`: the published packages as tarballs in `tarballs/`, for using them from a clone
// before they are on npm. `pnpm pack` rewrites each `workspace:` dependency to the version it
// points at, so `npm install` of a package's tarball together with those of its @monet-ai
// dependencies works in any project, with no registry copy of ours. Prints that line per package.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ensureDevNode } from "./node.mjs";
import { pnpm, root } from "./run.mjs";
import { unlessUpToDate } from "./stamp.mjs";
import { steps } from "./steps.mjs";

/** The packages that are published (not private), by name. */
export function publishedPackages() {
  return fs
    .readdirSync(path.join(root, "packages"))
    .map((d) => path.join(root, "packages", d))
    .filter((dir) => fs.existsSync(path.join(dir, "package.json")))
    .map((dir) => ({ dir, manifest: JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) }))
    .filter((p) => !p.manifest.private);
}

/**
 * Packs every published package (already built) into `dest`. Returns, per package, its tarball
 * and the tarballs one `npm install` needs: its own and those of the packages of ours it uses.
 */
export function packAll(dest) {
  fs.mkdirSync(dest, { recursive: true });
  const packages = publishedPackages();
  const tarball = new Map();
  const [bin, ...pre] = pnpm();
  for (const { dir, manifest } of packages) {
    const out = execFileSync(bin, [...pre, "pack", "--pack-destination", dest], { cwd: dir, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
    tarball.set(manifest.name, path.join(dest, path.basename(out.trim().split("\n").at(-1))));
  }
  const ours = (name) => Object.keys(packages.find((p) => p.manifest.name === name).manifest.dependencies ?? {}).filter((d) => tarball.has(d));
  const closure = (name, seen = new Set()) => {
    if (!seen.has(name)) {
      seen.add(name);
      for (const d of ours(name)) closure(d, seen);
    }
    return seen;
  };
  return packages.map(({ manifest }) => ({
    name: manifest.name,
    tarball: tarball.get(manifest.name),
    install: [...closure(manifest.name)].map((n) => tarball.get(n)),
  }));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await ensureDevNode();
  for (const name of ["install", "generate", "build"]) unlessUpToDate(name, ...steps[name]);
  const dest = path.join(root, "tarballs");
  fs.rmSync(dest, { recursive: true, force: true });
  const packs = packAll(dest);
  console.log(`\nPacked ${packs.length} packages into ${dest}. In your project, install a package with its own:\n`);
  for (const p of packs) console.log(`  ${p.name}:\n    npm install ${p.install.join(" ")}\n`);
}
