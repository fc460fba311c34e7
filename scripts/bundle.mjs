// Bundles the split spec in openapi/src into one document with named components.
// Hand-rolled rather than `redocly bundle` because Redocly names components after file names
// (`sora-2`, `wan-2-5-2`), and generated type names must read well (`VideoSora2Input`).
import fs from "node:fs";
import path from "node:path";
import { parse, stringify } from "yaml";
import { GENERATED_NOTE } from "./generated-note.mjs";
import { pascal } from "./spec-models.mjs";

const KIND_BY_DIR = {
  schemas: "schemas",
  models: "schemas",
  responses: "responses",
  parameters: "parameters",
  headers: "headers",
  requestBodies: "requestBodies",
};


/** `models/video/sora-2.yaml` -> `VideoSora2Input`; `schemas/Task.yaml` -> `Task`. */
export function componentName(srcDir, file) {
  const rel = path.relative(srcDir, file).split(path.sep);
  if (rel[0] === "models") return `${pascal(rel[1])}${pascal(path.basename(rel[2], ".yaml"))}Input`;
  return path.basename(file, ".yaml");
}

export function bundle(srcDir) {
  const rootFile = path.join(srcDir, "openapi.yaml");
  const components = {};
  const load = (file) => parse(fs.readFileSync(file, "utf8"));

  const refTo = (fromFile, ref) => {
    const file = path.resolve(path.dirname(fromFile), ref);
    const dir = path.relative(srcDir, file).split(path.sep)[0];
    const kind = KIND_BY_DIR[dir];
    if (!kind) return { inline: file };
    const name = componentName(srcDir, file);
    components[kind] ??= {};
    if (!(name in components[kind])) {
      components[kind][name] = null; // reserve first: a schema may refer to itself
      components[kind][name] = walk(load(file), file);
    }
    return { ref: `#/components/${kind}/${name}` };
  };

  const walk = (node, file) => {
    if (Array.isArray(node)) return node.map((n) => walk(n, file));
    if (!node || typeof node !== "object") return node;
    if (typeof node.$ref === "string" && !node.$ref.startsWith("#")) {
      const { $ref, ...siblings } = node;
      const target = refTo(file, $ref);
      if (target.inline) return { ...walk(load(target.inline), target.inline), ...walk(siblings, file) };
      return { $ref: target.ref, ...walk(siblings, file) };
    }
    const out = {};
    for (const [k, v] of Object.entries(node)) {
      if (k === "discriminator" && v?.mapping) {
        const mapping = Object.fromEntries(
          Object.entries(v.mapping).map(([key, ref]) => [key, ref.startsWith("#") ? ref : refTo(file, ref).ref]),
        );
        out[k] = { ...v, mapping };
      } else if (k === "examples" || k === "example") {
        out[k] = v; // example values are data, never references
      } else {
        out[k] = walk(v, file);
      }
    }
    return out;
  };

  const doc = walk(load(rootFile), rootFile);
  const sorted = {};
  for (const kind of Object.keys(components).sort()) {
    sorted[kind] = Object.fromEntries(Object.keys(components[kind]).sort().map((n) => [n, components[kind][n]]));
  }
  doc.components = { ...sorted, ...doc.components };
  return doc;
}

export function writeBundle(srcDir, outDir) {
  const doc = bundle(srcDir);
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, "openapi.yaml"), `# ${GENERATED_NOTE}\n${stringify(doc, { lineWidth: 0 })}`);
  fs.writeFileSync(path.join(outDir, "openapi.json"), `${JSON.stringify(doc, null, 2)}\n`);
  return doc;
}
