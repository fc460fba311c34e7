// A contributor's slips in the spec (the outside audit's experiments, s17-contrib F1, F2, F4,
// F5, F11, F12, F14) make `pnpm generate` fail with one line per mistake naming the file under
// openapi/src and what to do, and leave every committed output as it was. Each case runs the real
// generator (`node scripts/generate.mjs <copy>`) on a copy of the spec and of the generated
// outputs in a temporary folder; the repository itself is never written.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, expect, test } from "vitest";
import { parse, stringify } from "yaml";
import { bundle } from "../../scripts/bundle.mjs";
import { generators } from "../../scripts/generators.mjs";
import { repoRoot } from "../support/seed.ts";

const outputs: string[] = generators.flatMap((g: { outputs: string[] }) => g.outputs);
const copies: string[] = [];

/** A copy of openapi/src and of every generated output, in a fresh temporary folder. */
function copyRepo(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "monet-spec-mistakes-"));
  copies.push(dir);
  for (const rel of ["openapi/src", ...outputs])
    if (fs.existsSync(path.join(repoRoot, rel))) fs.cpSync(path.join(repoRoot, rel), path.join(dir, rel), { recursive: true });
  return dir;
}

/** Every file of the generated outputs in `dir`, with its content. */
function snapshot(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const o of outputs) {
    const p = path.join(dir, o);
    if (!fs.existsSync(p)) continue;
    const list = fs.statSync(p).isFile() ? [p] : fs.readdirSync(p, { recursive: true, encoding: "utf8" }).map((f) => path.join(p, f));
    for (const f of list) if (fs.statSync(f).isFile()) files.set(path.relative(dir, f), fs.readFileSync(f, "utf8"));
  }
  return files;
}

const edit = (dir: string, rel: string, change: (text: string) => string) => {
  const file = path.join(dir, "openapi/src", rel);
  const before = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
  const after = change(before);
  expect(after, `the edit of ${rel} changes it`).not.toBe(before);
  fs.writeFileSync(file, after);
};
const editYaml = (dir: string, rel: string, change: (doc: Record<string, any>) => void) =>
  edit(dir, rel, (text) => {
    const doc = parse(text);
    change(doc);
    return stringify(doc);
  });

/** A model file copied from flux-1-schnell under another id. */
const modelLike = (dir: string, id: string) => {
  const doc = parse(fs.readFileSync(path.join(dir, "openapi/src/models/image/flux-1-schnell.yaml"), "utf8"));
  doc.properties.model.enum = [id];
  doc.examples[0].model = id;
  doc["x-monet-model"].name = `Copy ${id}`;
  return stringify(doc);
};
const addToImageUnion = (dir: string, key: string, file: string) =>
  editYaml(dir, "schemas/ImageInput.yaml", (u) => {
    u.oneOf.push({ $ref: `../models/image/${file}` });
    u.discriminator.mapping[key] = `../models/image/${file}`;
  });

const generate = (dir: string) => spawnSync(process.execPath, [path.join(repoRoot, "scripts/generate.mjs"), dir], { encoding: "utf8" });

afterEach(() => {
  for (const d of copies.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

test("spec mistakes found before any generator runs: one line each naming the file and the fix", () => {
  const dir = copyRepo();
  const before = snapshot(dir);
  // F2: a model's mapping line forgotten; a mapping key that is not the model's id.
  edit(dir, "schemas/VideoInput.yaml", (t) => t.replace("    sora-2: ../models/video/sora-2.yaml\n", ""));
  edit(dir, "schemas/ImageInput.yaml", (t) => t.replace("    gpt-4o: ../models/image/gpt-4o.yaml", "    gpt4o: ../models/image/gpt-4o.yaml"));
  // F4/F5: fields named like Object.prototype members.
  editYaml(dir, "models/image/flux-1-schnell.yaml", (m) => {
    Object.assign(m.properties, { constructor: { type: "string" }, toString: { type: "boolean" } });
    Object.defineProperty(m.properties, "__proto__", { value: { type: "integer" }, enumerable: true });
  });
  // F12: an id that is a path, one with a space (the rule is the spec's x-monet-model-id-pattern), and a model file in no union.
  fs.writeFileSync(path.join(dir, "openapi/src/models/image/evil.yaml"), modelLike(dir, "../../evil"));
  addToImageUnion(dir, "../../evil", "evil.yaml");
  fs.writeFileSync(path.join(dir, "openapi/src/models/image/a b.yaml"), modelLike(dir, "a b"));
  addToImageUnion(dir, "a b", "a b.yaml");
  fs.writeFileSync(path.join(dir, "openapi/src/models/image/acme-x.yaml"), modelLike(dir, "acme-x"));
  // F14: a $ref typo, a model without examples, a file that is not YAML.
  edit(dir, "models/video/sora-2-pro.yaml", (t) => t.replace("../../schemas/MediaUrl.yaml", "../../schemas/MediaURL.yaml"));
  editYaml(dir, "models/video/veo-3.yaml", (m) => {
    delete m.examples;
  });
  edit(dir, "models/video/hailuo-01.yaml", (t) => `${t}  broken: [unclosed\n`);

  const r = generate(dir);
  expect(r.status, r.stderr).toBe(1);
  const lines = r.stderr.split("\n");
  const expected: [string, string][] = [
    ["openapi/src/schemas/VideoInput.yaml", "add the line `sora-2: ../models/video/sora-2.yaml` under mapping"],
    ["openapi/src/schemas/ImageInput.yaml", "mapping key `gpt4o` differs from the `model` that ../models/image/gpt-4o.yaml allows"],
    ["openapi/src/models/image/flux-1-schnell.yaml", "field `constructor` is named like a member every JavaScript object has"],
    ["openapi/src/models/image/flux-1-schnell.yaml", "field `toString`"],
    ["openapi/src/models/image/flux-1-schnell.yaml", "field `__proto__`"],
    ["openapi/src/models/image/evil.yaml", 'model id "../../evil" does not match the spec\'s `x-monet-model-id-pattern` (^[a-z0-9]+(?:-[a-z0-9]+)*$'],
    ["openapi/src/models/image/a b.yaml", 'model id "a b" does not match the spec\'s `x-monet-model-id-pattern`'],
    ["openapi/src/models/image/acme-x.yaml", "this model is in no union"],
    ["openapi/src/models/video/sora-2-pro.yaml", "$ref ../../schemas/MediaURL.yaml names no file (did you mean ../../schemas/MediaUrl.yaml?)"],
    ["openapi/src/models/video/veo-3.yaml", "a model needs an `examples` entry"],
    ["openapi/src/models/video/hailuo-01.yaml", "not valid YAML (line"],
  ];
  for (const [file, says] of expected)
    expect(
      lines.some((l) => l.includes(`${file}: `) && l.includes(says)),
      `${file}: ${says}\n${r.stderr}`,
    ).toBe(true);
  expect(r.stderr).not.toMatch(/^\s+at /m); // no stack trace
  expect(snapshot(dir)).toEqual(before);
});

// The model-id rule is written once, in the spec (openapi.yaml's x-monet-model-id-pattern), and
// spec-check reads it there: a narrower pattern refuses an id of today's spec, and a missing or
// broken one is named, not a check that silently passes everything.
test("the model-id rule is the spec's x-monet-model-id-pattern: spec-check follows an edit of it, and names it missing or broken", () => {
  const rule = (dir: string, change: (text: string) => string) => edit(dir, "openapi.yaml", change);
  const narrower = copyRepo();
  // At most three groups: kling-v2-1-master (four) is refused, naming the new pattern.
  rule(narrower, (t) => t.replace(/^x-monet-model-id-pattern: .*$/m, "x-monet-model-id-pattern: ^[a-z0-9]+(?:-[a-z0-9]+){0,2}$"));
  const r = generate(narrower);
  expect(r.status, r.stderr).toBe(1);
  expect(r.stderr).toContain(
    'openapi/src/models/video/kling-v2-1-master.yaml: model id "kling-v2-1-master" does not match the spec\'s `x-monet-model-id-pattern` (^[a-z0-9]+(?:-[a-z0-9]+){0,2}$',
  );
  expect(r.stderr).not.toContain("sora-2.yaml: model id");
  for (const [value, says] of [
    ["", "`x-monet-model-id-pattern` (what a model id looks like, a JSON Schema pattern) is missing at the root"],
    ["x-monet-model-id-pattern: '[a-z'\n", "`x-monet-model-id-pattern` is not a regular expression"],
  ]) {
    const dir = copyRepo();
    rule(dir, (t) => t.replace(/^x-monet-model-id-pattern: .*\n/m, value));
    const broken = generate(dir);
    expect(broken.status, broken.stderr).toBe(1);
    expect(broken.stderr).toContain(`openapi/src/openapi.yaml: ${says}`);
  }
});

test("two model files that make one component name: refused naming both, outputs untouched", () => {
  const dir = copyRepo();
  const before = snapshot(dir);
  // F1: nano-banana2 beside nano-banana-2 would both be ImageNanoBanana2Input.
  fs.writeFileSync(path.join(dir, "openapi/src/models/image/nano-banana2.yaml"), modelLike(dir, "nano-banana2"));
  addToImageUnion(dir, "nano-banana2", "nano-banana2.yaml");
  const r = generate(dir);
  expect(r.status, r.stderr).toBe(1);
  expect(r.stderr).toMatch(
    /openapi\/src\/models\/image\/nano-banana2?\.yaml: becomes the component ImageNanoBanana2Input, as openapi\/src\/models\/image\/nano-banana-?2\.yaml does; rename one/,
  );
  expect(r.stderr).not.toMatch(/^\s+at /m);
  expect(snapshot(dir)).toEqual(before);
});

test("a generator failing after others ran leaves every committed output as it was", { timeout: 180_000 }, () => {
  const dir = copyRepo();
  const before = snapshot(dir);
  // F11: an error the model catalog's generator finds, after the bundle and the types were written.
  editYaml(dir, "models/video/sora-2.yaml", (m) => {
    m.properties.duration["x-monet-docs"] = "Not A Route";
  });
  const r = generate(dir);
  expect(r.status, r.stderr).not.toBe(0);
  expect(r.stderr).toContain("x-monet-docs");
  expect(snapshot(dir)).toEqual(before);
  expect(fs.existsSync(path.join(dir, ".tmp")), "no staging folder left behind").toBe(false);
});

test("the bundle keeps every key it reads, `__proto__` included (an own property, not a prototype)", () => {
  // F5: the generate check refuses such a field; the bundle itself must still not lose a key.
  const dir = copyRepo();
  editYaml(dir, "models/image/flux-1-schnell.yaml", (m) => {
    Object.defineProperty(m.properties, "__proto__", { value: { type: "integer" }, enumerable: true });
  });
  const doc = bundle(path.join(dir, "openapi/src"));
  const props = doc.components.schemas.ImageFlux1SchnellInput.properties;
  expect(Object.keys(props)).toContain("__proto__");
  expect(Object.getPrototypeOf(props)).toBe(Object.prototype);
});

test("`pnpm lint:spec` fails on a Redocly warning (the promised zero warnings)", { timeout: 180_000 }, () => {
  // F15: a duplicated enum value is only a warning in Redocly's recommended rules.
  const dir = copyRepo();
  fs.copyFileSync(path.join(repoRoot, "redocly.yaml"), path.join(dir, "redocly.yaml"));
  editYaml(dir, "models/video/sora-2.yaml", (m) => {
    m.properties.duration.enum.push(m.properties.duration.enum[0]);
  });
  const script = JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8")).scripts["lint:spec"];
  const bin = path.join(repoRoot, "node_modules/.bin");
  const r = spawnSync("sh", ["-c", script], { cwd: dir, encoding: "utf8", env: { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH}` } });
  expect(r.status, r.stdout + r.stderr).not.toBe(0);
  expect(r.stdout + r.stderr).toContain("no-duplicated-enum-values");
});
