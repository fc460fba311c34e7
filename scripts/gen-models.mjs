// Generates the data of @monet-ai/models from the bundled spec: the rich catalog (names,
// metadata, fields), compact validation rules (what the client bundles), the JSON Schema of each
// model input, and the index of input types by type and model id (the types themselves are the
// spec's, generated once into generated/spec/). Nothing about a model is written anywhere else.
import fs from "node:fs";
import path from "node:path";
import { componentName } from "./bundle.mjs";
import { docsUrl } from "./gen-operations.mjs";
import { GENERATED_NOTE } from "./generated-note.mjs";
import { durationWords } from "./model-duration.mjs";
import { checkExamples } from "./spec-examples.mjs";
import { inlineRefs, modelSchemas, noVendorKeys, pascal, readBundledSpec, TYPES } from "./spec-models.mjs";

export const MODELS_OUT = "packages/models/src/generated";
// Files, not the folder: the spec's types (gen-spec-types.mjs) live in its spec/ subfolder.
export const MODELS_OUTPUTS = ["catalog.ts", "rules.ts", "schemas.ts", "types.ts"].map((f) => `${MODELS_OUT}/${f}`);
const banner = `// ${GENERATED_NOTE}\n`;

/** The exact type `as const` would give `v`, written out as a TypeScript type. */
function literalType(v, indent = "") {
  const inner = `${indent}  `;
  if (Array.isArray(v)) return v.length ? `readonly [\n${v.map((x) => inner + literalType(x, inner)).join(",\n")}\n${indent}]` : "readonly []";
  if (v && typeof v === "object") {
    const entries = Object.entries(v);
    return entries.length ? `{\n${entries.map(([k, x]) => `${inner}readonly ${JSON.stringify(k)}: ${literalType(x, inner)};`).join("\n")}\n${indent}}` : "{}";
  }
  return JSON.stringify(v);
}

/**
 * A large constant as JSON text parsed at load, typed as its literal: V8 reads JSON several times
 * faster than an object literal of this size, which is most of the package's cold import.
 */
const parsedConstant = (name, value) =>
  `type ${pascal(name)} = ${literalType(value)};\n\nexport const ${name}: ${pascal(name)} = JSON.parse(${JSON.stringify(JSON.stringify(value))});\n`;

/**
 * The same, parsed on first use: `name()` returns it. Most importers of the package never read
 * the catalog (the validator has its own rules), and its first parse was most of the import.
 */
const parsedOnFirstUse = (name, value) =>
  `type ${pascal(name)} = ${literalType(value)};\n\nlet parsed: ${pascal(name)} | undefined;\n\nexport const ${name} = (): ${pascal(name)} => (parsed ??= JSON.parse(${JSON.stringify(JSON.stringify(value))}));\n`;

function fieldKind(p) {
  if (p.enum) return "enum";
  if (p.type === "array") return "string[]";
  return p.type;
}

function fieldInfo(name, p, required) {
  const f = { name, kind: fieldKind(p), required, description: p.description ?? "" };
  for (const k of ["enum", "default", "minimum", "maximum", "minItems", "maxItems", "minLength", "maxLength"]) if (p[k] !== undefined) f[k] = p[k];
  return f;
}

/**
 * The output length in seconds. Where the model has a `duration` field it is that field's rule,
 * never written again in `x-monet-model` (a hand-kept copy went stale when the enum changed):
 * `choices` when the field is an enum (sora-2: 10 or 15), so that nobody reads { min: 10, max: 15 }
 * as "12 will do". Only a model without the field (its length is fixed or follows its input) says
 * it in `x-monet-model.durationSeconds`.
 */
export function durationSeconds(meta, field, file) {
  const written = meta.durationSeconds;
  if (!field) return written ? { durationSeconds: written } : {};
  if (written)
    throw new Error(
      `${file}: x-monet-model.durationSeconds ${JSON.stringify(written)} restates the duration field's ${field.enum ? "enum" : "bounds"}: remove it (the catalog derives it from properties.duration)`,
    );
  const choices = field.enum;
  if (choices) return { durationSeconds: { min: Math.min(...choices), max: Math.max(...choices), choices: [...choices].sort((a, b) => a - b) } };
  if (typeof field.minimum === "number" && typeof field.maximum === "number") return { durationSeconds: { min: field.minimum, max: field.maximum } };
  throw new Error(`${file}: properties.duration needs an enum or a minimum and maximum (the catalog's durationSeconds is read from them)`);
}

/**
 * A deprecated model: the schema's standard `deprecated: true` (which hey-api's types and every
 * JSON Schema reader already understand) with, optionally, `x-monet-model.deprecation`'s
 * `replacement` (a model id of the same type) and `note`. Written nowhere else; `{}` when only
 * `deprecated: true` is set, undefined when the model is not deprecated.
 */
export function deprecation(schema, type, ids, file) {
  const more = schema["x-monet-model"]?.deprecation;
  if (!schema.deprecated) {
    if (more) throw new Error(`${file}: x-monet-model.deprecation needs deprecated: true on the model's schema (the standard keyword is the switch)`);
    return undefined;
  }
  const { replacement, note, ...rest } = more ?? {};
  if (Object.keys(rest).length) throw new Error(`${file}: x-monet-model.deprecation takes replacement and note only (got ${Object.keys(rest).join(", ")})`);
  if (replacement !== undefined && (!ids.includes(replacement) || replacement === schema.properties.model.enum[0]))
    throw new Error(
      `${file}: x-monet-model.deprecation.replacement must be another ${type} model id: one of ${ids.join(", ")} (got ${JSON.stringify(replacement)})`,
    );
  if (note !== undefined && (typeof note !== "string" || !note.trim())) throw new Error(`${file}: x-monet-model.deprecation.note must be text`);
  return { ...(replacement ? { replacement } : {}), ...(note ? { note } : {}) };
}

/** The one-time warning a deprecated model's create prints (client, CLI, MCP): built here, from the spec. */
const deprecationWarning = (id, d) =>
  `model ${JSON.stringify(id)} is deprecated${d.replacement ? `; use ${JSON.stringify(d.replacement)} instead` : ""}${d.note ? `. ${d.note}` : ""}`;

function modelInfo({ id, type, schema, file, ids }) {
  const meta = schema["x-monet-model"];
  const fields = Object.entries(schema.properties)
    .filter(([name]) => name !== "model")
    .map(([name, p]) => fieldInfo(name, p, schema.required.includes(name)));
  return {
    id,
    type,
    name: meta.name,
    provider: meta.provider,
    family: meta.family,
    tagline: meta.tagline,
    useCases: meta.useCases,
    ...durationSeconds(meta, schema.properties.duration, file),
    // The length in words, the same the model guide prints (model-duration.mjs).
    ...(durationWords(type, schema) ? { durationText: durationWords(type, schema) } : {}),
    ...(meta.outputResolution ? { outputResolution: meta.outputResolution } : {}),
    // Only where the reference says so: it names the models with sound, never the silent ones.
    ...(meta.generatesAudio ? { generatesAudio: true } : {}),
    highlights: meta.highlights,
    ...(meta.pricing ? { pricing: meta.pricing } : {}),
    ...(deprecation(schema, type, ids, file) ? { deprecated: deprecation(schema, type, ids, file) } : {}),
    fields,
    example: schema.examples[0],
  };
}

/**
 * Compact rule of one field: [name, kind, required, a, b, docs]. kind: s string, S URL list (each
 * matching `urlRule`), n number, i integer, b boolean, e enum (a = allowed values). a/b:
 * min/max length, items or value. docs: the field's `x-monet-docs`, the docs route (`#/...`) of
 * a section its errors point to.
 */
function rule(name, p, required) {
  const docs = p["x-monet-docs"];
  if (docs !== undefined && !/^[a-z0-9-]+(\/[a-z0-9-]+)*$/.test(docs))
    throw new Error(`x-monet-docs of ${name} must be a docs route like quick-start/some-section (got ${JSON.stringify(docs)})`);
  const r = (kind, a, b) => {
    const out = [name, kind, required ? 1 : 0];
    if (a !== undefined || b !== undefined || docs) out.push(a ?? null);
    if (b !== undefined || docs) out.push(b ?? null);
    if (docs) out.push(docs);
    return out;
  };
  if (p.enum) return r("e", p.enum);
  if (p.type === "array") return r("S", p.minItems, p.maxItems);
  if (p.type === "string") return r("s", p.minLength, p.maxLength);
  if (p.type === "number") return r("n", p.minimum, p.maximum);
  if (p.type === "integer") return r("i", p.minimum, p.maximum);
  if (p.type === "boolean") return r("b");
  throw new Error(`no rule for field ${name}: ${JSON.stringify(p)}`);
}

function jsdoc(text, indent = "") {
  return text ? `${indent}/** ${text.trim().replace(/\*\//g, "*\\/").replace(/\n/g, `\n${indent} * `)} */\n` : "";
}

/**
 * JSON Schema of a model input for `@monet-ai/models/schemas`: standalone, without vendor
 * extensions; a URL list's items keep the shared URL rule (type, format, pattern) but not its
 * prose, which would repeat in every field.
 */
function standaloneSchema(spec, schema, id, type) {
  const keep = (k, parent) => noVendorKeys(k) && !(parent === "items" && ["title", "description", "examples"].includes(k));
  return { $schema: "https://json-schema.org/draft/2020-12/schema", $id: `https://monet.vision/schemas/${type}/${id}.json`, ...inlineRefs(spec, schema, keep) };
}

/** Component name -> the model's hand-written file (`openapi/src/models/video/sora-2.yaml`), for messages. */
function modelFiles(root) {
  const src = path.join(root, "openapi/src");
  return new Map(
    TYPES.flatMap((t) => {
      const dir = path.join(src, "models", t);
      return fs.existsSync(dir) ? fs.readdirSync(dir).map((f) => [componentName(src, path.join(dir, f)), path.join("openapi/src/models", t, f)]) : [];
    }),
  );
}

export function generateModels({ root, out }) {
  const spec = readBundledSpec(out);
  // An example the schema refuses would reach the catalog, the guide's samples and MCP.
  checkExamples(spec, path.join(root, "openapi/src"));
  const files = modelFiles(root);
  const byType = Object.fromEntries(TYPES.map((t) => [t, modelSchemas(spec, t).map((m) => ({ ...m, file: files.get(m.name) ?? m.name }))]));
  const all = TYPES.flatMap((t) => byType[t]);
  const dir = path.join(out, MODELS_OUT);
  fs.mkdirSync(dir, { recursive: true });

  const catalog = all.map((m) => modelInfo({ ...m, ids: byType[m.type].map((x) => x.id) }));
  // "type/id" -> the warning its first create prints: in the validator's chunk, loaded lazily, so
  // the client's start bundle does not grow (no model is deprecated today). A Map, not an object:
  // a model id such as `__proto__` names no entry, without a check that costs the first create bytes.
  const deprecations = catalog.filter((m) => m.deprecated).map((m) => [`${m.type}/${m.id}`, deprecationWarning(m.id, m.deprecated)]);
  fs.writeFileSync(
    path.join(dir, "catalog.ts"),
    `${banner}// Every model of the spec with its metadata and input fields, as literal data.\n\n${parsedOnFirstUse("catalog", catalog)}`,
  );

  // Every URL field shares the spec's one URL rule (`MediaUrl`'s pattern): the catalog checks
  // URLs with that same pattern, so the spec, the catalog and the mock cannot disagree.
  const urlPatterns = new Set(
    all.flatMap(({ schema }) =>
      Object.values(schema.properties)
        .filter((p) => p.type === "array")
        .map((p) => p.items.pattern),
    ),
  );
  if (urlPatterns.size !== 1 || [...urlPatterns][0] === undefined)
    throw new Error(`every URL list must share one items.pattern (MediaUrl); found ${JSON.stringify([...urlPatterns])}`);
  const [urlPattern] = urlPatterns;

  const rules = Object.fromEntries(
    TYPES.map((t) => [
      t,
      Object.fromEntries(
        byType[t].map(({ id, schema }) => [
          id,
          Object.entries(schema.properties)
            .filter(([n]) => n !== "model")
            .map(([n, p]) => rule(n, p, schema.required.includes(n))),
        ]),
      ),
    ]),
  );
  fs.writeFileSync(
    path.join(dir, "rules.ts"),
    `${banner}// Compact validation rules: [field, kind, required, a?, b?, docs?] per model (see scripts/gen-models.mjs).\n\nexport type Rule = readonly [name: string, kind: "s" | "S" | "n" | "i" | "b" | "e", required: 0 | 1, a?: unknown, b?: number | null, docs?: string];\n\n// JSON text, not an object literal: every import of the main entry loads the rules, and V8\n// parses a JSON string faster than the literal (an eighth of what importing the package cost).\n// Parsed at load, not on first use: the check loads in browsers too, where a wrapper costs bytes.\nexport const rules: Record<string, Record<string, readonly Rule[]>> = JSON.parse(${JSON.stringify(JSON.stringify(rules))});\n\n/** What every URL in an \`S\` field must match: the spec's MediaUrl pattern, as a regex literal. */\nexport const urlRule = ${new RegExp(urlPattern, "u")};\n\n/** The docs site (the spec's externalDocs): an input error links its section by this whole URL, never a bare \`#/...\` that leads nowhere outside the site. */\nexport const DOCS_URL = ${JSON.stringify(docsUrl(spec))};\n\n/** Deprecated models by "type/id": the warning their first create prints (once per model id per process). */\nexport const deprecations = new Map<string, string>(${JSON.stringify(deprecations)});\n`,
  );

  const schemas = Object.fromEntries(TYPES.map((t) => [t, Object.fromEntries(byType[t].map(({ id, schema }) => [id, standaloneSchema(spec, schema, id, t)]))]));
  fs.writeFileSync(
    path.join(dir, "schemas.ts"),
    `${banner}// The JSON Schema (2020-12) of every model input, by type and model id.\n\n${parsedConstant("inputSchemas", schemas)}`,
  );

  // The model input types are the spec's own (generated once, in ./spec): here only their index.
  const names = all.map(({ name }) => name);
  let types = `${banner}// Every model's input type (the spec's, from ./spec), by type and model id.\n\nimport type { ${names.join(", ")} } from "./spec/types.gen.js";\n\nexport type { ${names.join(", ")} };\n`;
  for (const t of TYPES)
    types += `\n/** The ${t} models' inputs by model id. */\nexport interface ${pascal(t)}Inputs {\n${byType[t].map(({ id, name, schema }) => `${jsdoc(schema.description, "  ")}  ${JSON.stringify(id)}: ${name};`).join("\n")}\n}\n`;
  types += `\n/** Every model's input by type, then model id. */\nexport interface Inputs {\n${TYPES.map((t) => `  ${t}: ${pascal(t)}Inputs;`).join("\n")}\n}\n`;
  fs.writeFileSync(path.join(dir, "types.ts"), types);
}
