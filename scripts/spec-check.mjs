// Checks of the hand-written spec (openapi/src) that `pnpm generate` runs before any generator:
// the slips a contributor makes while adding or editing a model that would otherwise generate
// silently wrong output (a model dropped from the catalog, a type no object literal satisfies, a
// field lost) or fail deep inside a generator with a stack trace. Each problem names its file.
import fs from "node:fs";
import path from "node:path";
import { parseDocument } from "yaml";
import { SpecError, specFile } from "./spec-error.mjs";

/**
 * Names every JavaScript object already has (Object.prototype's own members). A field so named
 * breaks the generated code: `constructor` is typed `Function` on every object literal, so no
 * typed call compiles; `__proto__` sets a prototype instead of a property and the field vanishes.
 */
const OBJECT_MEMBERS = new Set(Object.getOwnPropertyNames(Object.prototype));

const yamlFiles = (dir) =>
  fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith(".yaml"))
    .map((e) => path.join(e.parentPath ?? e.path, e.name))
    .sort();

/** Every value under `node` with its key path, skipping example data (data, never spec). */
function* entries(node, at = []) {
  if (!node || typeof node !== "object") return;
  for (const [k, v] of Object.entries(node)) {
    if (!Array.isArray(node) && (k === "examples" || k === "example")) continue;
    yield [k, v, at, node];
    yield* entries(v, [...at, k]);
  }
}

/** A file in `dir` whose name differs from `name` only in case or separators: the likely intent of a typo. */
function nearName(dir, name) {
  if (!fs.existsSync(dir)) return undefined;
  const key = (s) => s.toLowerCase().replace(/[^a-z0-9.]/g, "");
  return fs.readdirSync(dir).find((f) => f !== name && key(f) === key(name));
}

/** The value a union branch's discriminator property allows (`enum: [sora-2]` or `const`), if it allows one. */
function discriminatorValue(schema, prop) {
  const p = schema?.properties?.[prop];
  if (p?.const !== undefined) return p.const;
  return Array.isArray(p?.enum) && p.enum.length === 1 ? p.enum[0] : undefined;
}

/** Where the spec states what a model id looks like (openapi.yaml, at its root). */
const MODEL_ID_RULE = "x-monet-model-id-pattern";

/**
 * The spec's model-id rule (`source`, a JSON Schema pattern) as a RegExp for whole ids (a pattern
 * matches anywhere unless it anchors itself). Missing or not a regular expression: said through
 * `problem`, and undefined.
 */
function modelIdRule(source, problem) {
  if (typeof source !== "string" || !source) {
    problem(`\`${MODEL_ID_RULE}\` (what a model id looks like, a JSON Schema pattern) is missing at the root`);
    return undefined;
  }
  try {
    return new RegExp(`^(?:${source})$`, "u");
  } catch (e) {
    problem(`\`${MODEL_ID_RULE}\` is not a regular expression: ${e.message}`);
    return undefined;
  }
}

/** Throws a SpecError listing every problem found in the spec at `srcDir` (openapi/src). */
export function checkSpec(srcDir) {
  const problems = [];
  const at = (file, what) => problems.push(`${specFile(srcDir, file)}: ${what}`);
  const docs = new Map();

  for (const file of yamlFiles(srcDir)) {
    const doc = parseDocument(fs.readFileSync(file, "utf8"), { prettyErrors: true });
    if (doc.errors.length) {
      const e = doc.errors[0];
      const line = e.linePos?.[0];
      at(file, `not valid YAML${line ? ` (line ${line.line}, column ${line.col})` : ""}: ${e.message.split("\n")[0]}`);
      continue;
    }
    docs.set(file, doc.toJS());
  }

  for (const [file, spec] of docs) {
    for (const [k, v, keys, parent] of entries(spec)) {
      const ref = k === "$ref" ? v : keys.at(-1) === "mapping" && keys.at(-2) === "discriminator" ? v : undefined;
      if (typeof ref === "string" && !ref.startsWith("#")) {
        const target = path.resolve(path.dirname(file), ref);
        if (!fs.existsSync(target)) {
          const near = nearName(path.dirname(target), path.basename(target));
          at(file, `$ref ${ref} names no file${near ? ` (did you mean ${path.join(path.dirname(ref), near)}?)` : ": fix the path, relative to this file"}`);
        }
      }
      if (keys.at(-1) === "properties" && !Array.isArray(parent) && OBJECT_MEMBERS.has(k))
        at(
          file,
          `field \`${k}\` is named like a member every JavaScript object has (Object.prototype.${k}), which breaks the generated types and checks; ` +
            `rename it (e.g. \`${k.replace(/^_+|_+$/g, "")}_value\`), or if the API really uses this name, open an issue: the generators cannot carry it yet`,
        );
    }
  }

  // Unions: the `oneOf` list and the discriminator mapping list the same branches, each under the
  // value its discriminator property allows. A mapping line missing drops the branch from the
  // catalog; a `oneOf` line missing, or an odd key, registers a branch nobody can call.
  const inUnion = new Set();
  for (const [file, spec] of docs) {
    const mapping = spec?.discriminator?.mapping;
    if (!mapping || !Array.isArray(spec.oneOf)) continue;
    const prop = spec.discriminator.propertyName;
    const resolve = (ref) => path.resolve(path.dirname(file), ref);
    const listed = new Map(spec.oneOf.filter((b) => typeof b?.$ref === "string").map((b) => [resolve(b.$ref), b.$ref]));
    const mapped = new Map(Object.entries(mapping).map(([key, ref]) => [resolve(ref), key]));
    for (const [target, ref] of listed) {
      inUnion.add(target);
      if (!mapped.has(target)) {
        const value = discriminatorValue(docs.get(target), prop) ?? path.basename(ref, ".yaml");
        at(file, `oneOf lists ${ref} but discriminator.mapping does not: add the line \`${value}: ${ref}\` under mapping`);
      }
    }
    for (const [key, ref] of Object.entries(mapping)) {
      const target = resolve(ref);
      inUnion.add(target);
      if (!listed.has(target)) at(file, `discriminator.mapping has \`${key}: ${ref}\` but oneOf does not list it: add \`- $ref: ${ref}\` under oneOf`);
      const value = discriminatorValue(docs.get(target), prop);
      if (value !== undefined && value !== key)
        at(file, `discriminator.mapping key \`${key}\` differs from the \`${prop}\` that ${ref} allows (${JSON.stringify(value)}): write \`${value}: ${ref}\``);
    }
  }

  // Models: openapi/src/models/<type>/<id>.yaml, in their type's union, with what generators read.
  const modelsDir = path.join(srcDir, "models");
  const rootFile = path.join(srcDir, "openapi.yaml");
  const modelIdSource = docs.get(rootFile)?.[MODEL_ID_RULE];
  const modelId = modelIdRule(modelIdSource, (what) => at(rootFile, what));
  for (const [file, spec] of docs) {
    if (!file.startsWith(modelsDir + path.sep)) continue;
    const id = discriminatorValue(spec, "model");
    const base = path.basename(file, ".yaml");
    if (typeof id !== "string") at(file, "a model needs `properties.model` with `enum: [<id>]`, its id (CONTRIBUTING, Add a model, step 1)");
    else if (modelId && !modelId.test(id))
      at(
        file,
        `model id ${JSON.stringify(id)} does not match the spec's \`${MODEL_ID_RULE}\` (${modelIdSource}, openapi.yaml), as sora-2 or kling-v2-1-master do: rename the model, its id and file together`,
      );
    else if (id !== base) at(file, `the file of model ${id} must be named ${id}.yaml (a model's file name is its id)`);
    if (!inUnion.has(file))
      at(file, `this model is in no union: add its \`oneOf\` and \`discriminator.mapping\` lines to its type's union (CONTRIBUTING, Add a model, step 2)`);
    if (!Array.isArray(spec?.examples) || !spec.examples.length)
      at(file, "a model needs an `examples` entry: one input the API accepts (CONTRIBUTING, Add a model, step 1)");
    if (!spec?.["x-monet-model"]?.name) at(file, "a model needs an `x-monet-model` block with at least its `name` (CONTRIBUTING, Add a model, step 1)");
    if (!Array.isArray(spec?.required)) at(file, "a model needs a `required` list (at least `model`)");
  }

  if (problems.length) throw new SpecError(problems);
}
