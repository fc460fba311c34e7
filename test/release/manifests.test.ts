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
