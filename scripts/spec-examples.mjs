// Every example of the spec must be valid against its own schema: a model's `examples[0]` becomes
// the catalog's example, the model guide's samples and MCP's describe_model answer, so an example
// the client would refuse (an enum value removed, a field renamed) is a spec mistake. Checked with
// Ajv (a root dev dependency, the JSON Schema 2020-12 validator the docs and tests use already),
// and the failure names the hand-written file that holds the example and the field.
import fs from "node:fs";
import path from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { parse } from "yaml";
import { componentName } from "./bundle.mjs";
import { HTTP_METHODS, noVendorKeys } from "./spec-models.mjs";

const COMPONENT_DIRS = ["schemas", "responses", "parameters", "headers", "requestBodies"];

/** `#/components/<kind>/<name>` -> its hand-written file (`openapi/src/...`), for messages. */
function componentFiles(srcDir) {
  const files = new Map();
  const add = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) add(p);
      else if (e.name.endsWith(".yaml")) {
        const top = path.relative(srcDir, p).split(path.sep)[0];
        const kind = top === "models" ? "schemas" : top;
        files.set(`#/components/${kind}/${componentName(srcDir, p)}`, path.relative(path.resolve(srcDir, "../.."), p));
      }
    }
  };
  for (const d of [...COMPONENT_DIRS, "models"]) if (fs.existsSync(path.join(srcDir, d))) add(path.join(srcDir, d));
  return files;
}

/** The spec's components with vendor keys dropped, so a strict validator reads them as JSON Schema. */
function plain(node) {
  if (Array.isArray(node)) return node.map(plain);
  if (!node || typeof node !== "object") return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([k]) => noVendorKeys(k))
      .map(([k, v]) => [k, k === "examples" || k === "example" ? v : plain(v)]),
  );
}

/** One Ajv error as "<where>.<field> <message>", e.g. `examples[0].aspect_ratio must be one of 1:1, 3:2 (got "4:3")`. */
function describe(where, e, value) {
  const segments = e.instancePath.split("/").slice(1);
  const field = [...segments, e.params.additionalProperty ?? e.params.missingProperty].filter((s) => s !== undefined);
  const at = field.reduce((a, s) => (/^\d+$/.test(s) ? `${a}[${s}]` : `${a}.${s}`), where);
  const got = segments.reduce((v, s) => v?.[s], value);
  if (e.keyword === "enum") return `${at} must be one of ${e.params.allowedValues.join(", ")} (got ${JSON.stringify(got)})`;
  if (e.keyword === "additionalProperties") return `${at} is not a field of this schema`;
  if (e.keyword === "required") return `${at} is required`;
  return `${at} ${e.message} (got ${JSON.stringify(got)})`;
}

/**
 * Validates the examples of the bundled `spec`: every schema component's `examples` entries (the
 * models' and the shared schemas'), and the `example` of every JSON body, parameter and header.
 * Throws one error listing every mismatch with its file; returns how many examples were checked.
 */
export function checkExamples(spec, srcDir) {
  const files = componentFiles(srcDir);
  const rootSrc = parse(fs.readFileSync(path.join(srcDir, "openapi.yaml"), "utf8"));
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  addFormats(ajv);
  ajv.addSchema({ $id: "spec.json", components: plain(spec.components) });
  const problems = [];
  let checked = 0;
  // One compiled validator per schema text: the same $ref (ErrorResponse) serves many examples.
  const compiled = new Map();
  const check = (schema, value, file, where) => {
    const key = JSON.stringify(schema);
    const validate = compiled.get(key) ?? compiled.set(key, ajv.compile(plain(schema))).get(key);
    checked++;
    if (!validate(value)) for (const e of validate.errors) problems.push(`${file}: ${describe(where, e, value)}`);
  };
  // Refs inside a checked schema resolve against the components added above.
  const local = (schema) => JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"spec.json#/components/'));

  for (const [name, schema] of Object.entries(spec.components.schemas ?? {})) {
    const file = files.get(`#/components/schemas/${name}`) ?? `components.schemas.${name}`;
    (schema.examples ?? []).forEach((ex, i) => {
      check({ $ref: `spec.json#/components/schemas/${name}` }, ex, file, `examples[${i}]`);
    });
  }

  const withExample = (node, file, where) => {
    if (node?.schema && node.example !== undefined) check(local(node.schema), node.example, file, `${where}.example`);
    for (const [n, ex] of Object.entries(node?.examples ?? {}))
      if (node.schema && ex && typeof ex === "object" && "value" in ex) check(local(node.schema), ex.value, file, `${where}.examples.${n}`);
  };
  const content = (c, file, where) => {
    for (const [type, media] of Object.entries(c ?? {})) if (/json/.test(type)) withExample(media, file, `${where}.content[${type}]`);
  };
  for (const kind of ["responses", "requestBodies"])
    for (const [name, o] of Object.entries(spec.components[kind] ?? {})) content(o.content, files.get(`#/components/${kind}/${name}`) ?? name, kind);
  for (const kind of ["parameters", "headers"])
    for (const [name, o] of Object.entries(spec.components[kind] ?? {})) withExample(o, files.get(`#/components/${kind}/${name}`) ?? name, kind);
  for (const [p, item] of Object.entries(spec.paths ?? {})) {
    const ref = rootSrc.paths?.[p]?.$ref;
    const file = ref ? path.join("openapi/src", ref) : "openapi/src/openapi.yaml";
    for (const m of HTTP_METHODS) {
      const op = item[m];
      if (!op) continue;
      content(op.requestBody?.content, file, `${m}.requestBody`);
      for (const [status, r] of Object.entries(op.responses ?? {})) content(r.content, file, `${m}.responses.${status}`);
      for (const prm of op.parameters ?? []) withExample(prm, file, `${m}.parameters.${prm.name}`);
    }
  }
  if (problems.length) throw new Error(`examples that their own schema refuses (fix the example or the schema):\n  ${problems.join("\n  ")}`);
  return checked;
}
