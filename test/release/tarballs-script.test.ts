// `npm run tarballs` (scripts/tarballs.mjs): what a newcomer uses before the packages are on npm. Each
// tarball must install outside the workspace, so none may keep a `workspace:` dependency, and
// each must hold the built files its manifest points at. No registry install here (the release
// tests do that): only the tarballs and the install lines the script prints are checked.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { packAll, publishedPackages } from "../../scripts/tarballs.mjs";

const dest = fs.mkdtempSync(path.join(os.tmpdir(), "monet-tarballs-"));
let packs: { name: string; tarball: string; install: string[] }[] = [];
beforeAll(() => {
  packs = packAll(dest);
}, 120_000);
afterAll(() => fs.rmSync(dest, { recursive: true, force: true }));

const names = publishedPackages().map((p: { manifest: { name: string } }) => p.manifest.name);

/** Every file path a manifest points at (main, module, types, bin, exports), without "./". */
function pointedAt(m: Record<string, unknown>): string[] {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (typeof v === "string") out.push(v.replace(/^\.\//, ""));
    else if (v && typeof v === "object") for (const x of Object.values(v)) walk(x);
  };
  for (const k of ["main", "module", "types", "bin", "exports"]) walk(m[k]);
  return out.filter((f) => !f.includes("*"));
}

test("one tarball per published package", () => {
  expect(packs.map((p) => p.name).sort()).toEqual([...names].sort());
});

describe.each(names)("%s", (name) => {
  const pack = () => packs.find((p) => p.name === name)!;
  const manifest = () => JSON.parse(execFileSync("tar", ["-xzOf", pack().tarball, "package/package.json"], { encoding: "utf8" }));

  test("its package.json has no workspace: dependency", () => {
    const m = manifest();
    const deps = { ...m.dependencies, ...m.peerDependencies, ...m.optionalDependencies };
    expect(Object.entries(deps).filter(([, v]) => String(v).startsWith("workspace:"))).toEqual([]);
  });

  test("it holds every built file its manifest points at", () => {
    const files = execFileSync("tar", ["-tzf", pack().tarball], { encoding: "utf8" }).split("\n");
    const wanted = pointedAt(manifest());
    expect(wanted.length).toBeGreaterThan(0);
    expect(wanted.filter((f) => !files.includes(`package/${f}`))).toEqual([]);
  });

  test("its install line names the tarball of every package of ours it depends on", () => {
    const ours = Object.keys(manifest().dependencies ?? {}).filter((d) => names.includes(d));
    const inLine = pack().install.map((t) => packs.find((p) => p.tarball === t)!.name);
    expect(inLine[0]).toBe(name);
    for (const d of ours) expect(inLine).toContain(d);
  });
});
