// Bundles the split spec in openapi/src into one document with named components.
// Hand-rolled rather than `redocly bundle` because Redocly names components after file names
// (`sora-2`, `wan-2-5-2`), and generated type names must read well (`VideoSora2Input`).
import fs from "node:fs";
import path from "node:path";
import { Document, parse, visit } from "yaml";
import { GENERATED_NOTE } from "./generated-note.mjs";
import { SpecError, specFile } from "./spec-error.mjs";
import { pascal } from "./spec-models.mjs";

const KIND_BY_DIR = {
  schemas: "schemas",
  models: "schemas",
  responses: "responses",
  parameters: "parameters",
  headers: "headers",
  // requestBodies/ is left out on purpose: a shared request body is written into each operation
  // that uses it. swagger-typescript-api loses the media type of a `$ref`ed request body and sent
  // the task JSON as text/plain, which the API answers with 415 (no task could be created).
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
  const sources = {}; // component name -> the file it was made from
  const load = (file) => parse(fs.readFileSync(file, "utf8"));

  const refTo = (fromFile, ref) => {
    const file = path.resolve(path.dirname(fromFile), ref);
    const dir = path.relative(srcDir, file).split(path.sep)[0];
    const kind = KIND_BY_DIR[dir];
    if (!kind) return { inline: file };
    const name = componentName(srcDir, file);
    components[kind] ??= {};
    sources[kind] ??= {};
    // Two files whose names read the same once PascalCased (nano-banana2, nano-banana-2) would
    // share one component, and one model would silently get the other's schema.
    const first = sources[kind][name];
    if (first && first !== file)
      throw new SpecError([
        `${specFile(srcDir, file)}: becomes the component ${name}, as ${specFile(srcDir, first)} does; rename one of the two files (for a model, file name and id together)`,
      ]);
    sources[kind][name] = file;
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
    // Built with fromEntries, which defines own properties: `out[k] = ...` with k "__proto__"
    // would set the prototype and lose the key.
    return Object.fromEntries(
      Object.entries(node).map(([k, v]) => {
        if (k === "discriminator" && v?.mapping) {
          const mapping = Object.fromEntries(Object.entries(v.mapping).map(([key, ref]) => [key, ref.startsWith("#") ? ref : refTo(file, ref).ref]));
          return [k, { ...v, mapping }];
        }
        if (k === "examples" || k === "example") return [k, v]; // example values are data, never references
        return [k, walk(v, file)];
      }),
    );
  };

  const doc = walk(load(rootFile), rootFile);
  const sorted = {};
  for (const kind of Object.keys(components).sort()) {
    sorted[kind] = Object.fromEntries(
      Object.keys(components[kind])
        .sort()
        .map((n) => [n, components[kind][n]]),
    );
  }
  doc.components = { ...sorted, ...doc.components };
  return doc;
}

/** Would a YAML 1.1 or 1.2 reader take `s`, written plain, for something other than this string? */
function readsDifferently(s) {
  // A block scalar that keeps trailing blank lines (`|+`): the YAML reader of Prism and Spectral
  // (@stoplight/yaml) drops them, and the SSE example's closing blank line, which ends its last
  // event, with them (an SSE reader then never sees the `success` event that Prism streams).
  if (s.endsWith("\n\n")) return true;
  if (s.includes("\n")) return false; // written as a block scalar, which is always a string
  if (s === "=" || s === "<<") return true; // YAML 1.1's value and merge keys
  try {
    return parse(s, { version: "1.1" }) !== s || parse(s, { version: "1.2" }) !== s;
  } catch {
    return true;
  }
}

/**
 * The bundle as YAML that means the same to YAML 1.1 readers (PyYAML, SnakeYAML) as to 1.2 ones
 * and to the JSON bundle: a string that either version would read as a number, a boolean, a date
 * or null (`16:9`, `2026-02-27T10:00:00Z`, `on`, `017`, `0o17`) is double-quoted, and so is a
 * text ending in a blank line, which Prism's YAML reader would shorten.
 */
export function toPortableYaml(doc) {
  const yaml = new Document(doc);
  visit(yaml, {
    Scalar(_key, node) {
      if (typeof node.value === "string" && readsDifferently(node.value)) node.type = "QUOTE_DOUBLE";
    },
  });
  return yaml.toString({ lineWidth: 0 });
}

export function writeBundle(srcDir, outDir) {
  const doc = bundle(srcDir);
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, "openapi.yaml"), `# ${GENERATED_NOTE}\n${toPortableYaml(doc)}`);
  fs.writeFileSync(path.join(outDir, "openapi.json"), `${JSON.stringify(doc, null, 2)}\n`);
  return doc;
}
