// The JSON Schema of pipeline files (@monet-ai/pipeline), from the bundled spec: every model id
// per task type and each model's own fields, so editors complete and check them. Values may also
// be `${{ ... }}` references, and media lists may name local files, so those are allowed too.
import fs from "node:fs";
import path from "node:path";
import { GENERATED_NOTE } from "./generated-note.mjs";
import { modelSchemas, readBundledSpec, TYPES } from "./spec-models.mjs";

export const PIPELINE_SCHEMA_OUT = "packages/pipeline/schema";
/** The concurrency rule alone, so what checks a flag (the CLI's --concurrency) need not load the whole schema. */
export const PIPELINE_CONCURRENCY_OUT = "packages/pipeline/src/generated/concurrency.gen.ts";

/** How many tasks may run at once: the schema's `concurrency` field and the module above both state it from here. */
const CONCURRENCY = { type: "integer", minimum: 1, maximum: 500, default: 4, description: "Tasks running at once." };

const template = { $ref: "#/definitions/reference" };
const ANNOTATIONS = ["description", "default", "examples"];
// JSON Schema's if/then (a schema, not a thenable).
const ifThen = (condition, then) => ({ if: condition, then });

/** A model field as a pipeline may write it: its own schema, or a reference filled in per item. */
function field(p) {
  if (p.type === "array") {
    const out = {
      type: "array",
      description: `${p.description ?? ""} In a pipeline: URLs, \${{ ... }} references or local files relative to the pipeline file.`.trim(),
      items: { type: "string", minLength: 1 },
    };
    for (const k of ["minItems", "maxItems"]) if (p[k] !== undefined) out[k] = p[k];
    return out;
  }
  const own = Object.fromEntries(Object.entries(p).filter(([k]) => !ANNOTATIONS.includes(k)));
  return { anyOf: [own, template], ...Object.fromEntries(Object.entries(p).filter(([k]) => ANNOTATIONS.includes(k) && k !== "examples")) };
}

function modelInput({ id, schema }) {
  return {
    title: schema.title,
    description: schema.description,
    type: "object",
    required: schema.required,
    additionalProperties: false,
    properties: Object.fromEntries(Object.entries(schema.properties).map(([name, p]) => [name, name === "model" ? { const: id } : field(p)])),
  };
}

export function pipelineSchema(spec) {
  const definitions = {
    reference: {
      type: "string",
      pattern: "\\$\\{\\{.*\\}\\}",
      description: "A value filled in per item: ${{ item.<field> }} or ${{ steps.<step>.outputs[0].url }}.",
    },
  };
  for (const type of TYPES) {
    const models = modelSchemas(spec, type);
    for (const m of models) definitions[`${type}.${m.id}`] = modelInput(m);
    definitions[`${type}Input`] = {
      description: `The input of a ${type} task: a model and its fields.`,
      type: "object",
      required: ["model"],
      properties: { model: { anyOf: [{ enum: models.map((m) => m.id) }, template], description: `The ${type} model.` } },
      allOf: models.map((m) => ifThen({ properties: { model: { const: m.id } }, required: ["model"] }, { $ref: `#/definitions/${type}.${m.id}` })),
    };
  }
  definitions.step = {
    description: "One step: a task per item (foreach: items) or one task.",
    type: "object",
    required: ["type", "input"],
    additionalProperties: false,
    properties: {
      foreach: { const: "items", description: "One task per item; leave it out for one task." },
      type: { enum: TYPES, description: "The task type." },
      needs: { type: "array", items: { type: "string" }, description: "Steps to finish first, beyond the ones the input refers to." },
      input: { type: "object", description: "The model and its fields." },
    },
    allOf: TYPES.map((t) => ifThen({ properties: { type: { const: t } }, required: ["type"] }, { properties: { input: { $ref: `#/definitions/${t}Input` } } })),
  };
  return {
    $comment: GENERATED_NOTE,
    $schema: "http://json-schema.org/draft-07/schema#",
    $id: "https://monet.vision/schemas/pipeline.json",
    title: "Monet pipeline",
    description: "A pipeline file for `monet pipeline run` and @monet-ai/pipeline: items to fan out over and steps, each a Monet task.",
    type: "object",
    required: ["name", "steps"],
    additionalProperties: false,
    properties: {
      $schema: { type: "string" },
      name: { type: "string", pattern: "^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$", description: "Part of every idempotency key." },
      concurrency: CONCURRENCY,
      item_name: { type: "string", description: "The item field that names output files (default: id, else the position)." },
      items: {
        description: "The list to fan out over, or a CSV / JSONL / JSON file relative to the pipeline file.",
        anyOf: [
          { type: "array", items: { type: "object" } },
          { type: "object", required: ["file"], additionalProperties: false, properties: { file: { type: "string", pattern: "\\.(csv|jsonl|ndjson|json)$" } } },
        ],
      },
      steps: {
        type: "object",
        minProperties: 1,
        propertyNames: { pattern: "^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$" },
        additionalProperties: { $ref: "#/definitions/step" },
      },
    },
    definitions,
  };
}

export function generatePipelineSchema({ out }) {
  const dir = path.join(out, PIPELINE_SCHEMA_OUT);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "pipeline.schema.json"), `${JSON.stringify(pipelineSchema(readBundledSpec(out)), null, 2)}\n`);
  const rule = { minimum: CONCURRENCY.minimum, maximum: CONCURRENCY.maximum, default: CONCURRENCY.default };
  const file = path.join(out, PIPELINE_CONCURRENCY_OUT);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(
    file,
    `// ${GENERATED_NOTE}\n// The pipeline schema's concurrency rule (scripts/gen-pipeline-schema.mjs).\n\n/** Tasks running at once: the bounds and default of a pipeline file's \`concurrency\`. */\nexport const CONCURRENCY = ${JSON.stringify(rule)} as const;\n`,
  );
}
