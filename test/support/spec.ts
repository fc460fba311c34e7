// The bundled spec and a real JSON Schema 2020-12 validator over it (Ajv).
import fs from "node:fs";
import path from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { repoRoot } from "./seed.ts";

export const spec = JSON.parse(fs.readFileSync(path.join(repoRoot, "openapi/dist/openapi.json"), "utf8"));
export const schemas: Record<string, any> = spec.components.schemas;

const SPEC_ID = "https://monet.vision/openapi.json";
const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats.default(ajv);
// OpenAPI keywords and our vendor extensions are annotations, not assertions.
ajv.addVocabulary(["discriminator", "example", "x-monet-model", "x-monet-inferred", "x-monet-docs", "x-monet-final", "x-monet-success", "components"]);
ajv.addSchema({ $id: SPEC_ID, components: spec.components });

export function validator(schemaName: string) {
  const v = ajv.getSchema(`${SPEC_ID}#/components/schemas/${schemaName}`);
  if (!v) throw new Error(`no schema ${schemaName}`);
  return v;
}

/** The component name of a model's input schema, found by its `model` const (not by naming rule). */
export function modelSchemaName(type: string, id: string): string {
  const union = schemas[`${type[0].toUpperCase()}${type.slice(1)}Input`];
  const ref: string | undefined = union?.discriminator?.mapping?.[id];
  if (!ref) throw new Error(`${type} model ${id} is not in the spec`);
  return ref.split("/").pop()!;
}

/** Ajv errors as dotted field paths (`input.duration`), the way users read them. */
export function errorFields(errors: { instancePath: string; keyword: string; params: any }[] | null | undefined, prefix = "") {
  return (errors ?? []).map((e) => {
    let p = e.instancePath.split("/").filter(Boolean).join(".");
    if (e.keyword === "required") p = p ? `${p}.${e.params.missingProperty}` : e.params.missingProperty;
    if (e.keyword === "additionalProperties") p = p ? `${p}.${e.params.additionalProperty}` : e.params.additionalProperty;
    return prefix + p.replace(/\.(\d+)(?=\.|$)/g, "[$1]");
  });
}

/**
 * A listTasks query parameter's bounds (`page`, `pageSize`), and the value just past each: a test
 * that sends a value out of range reads it here, so a bound changed in the spec moves the test too
 * (a pinned `pageSize=101` would still be refused, and pass, after the maximum rose to 200).
 */
export function queryBounds(name: string) {
  const param = Object.values<any>(spec.components.parameters).find((p) => p.in === "query" && p.name === name);
  if (!param) throw new Error(`no query parameter ${name} in the spec`);
  const { minimum, maximum, default: byDefault } = param.schema as { minimum: number; maximum?: number; default: number };
  return { minimum, maximum, default: byDefault, below: minimum - 1, above: maximum === undefined ? undefined : maximum + 1 };
}

/** The path template of an operation (`listTasks`: `/api/v1/tasks/list`): tests read it here, not a copy. */
export function pathOf(operationId: string): string {
  for (const [p, item] of Object.entries<any>(spec.paths)) for (const op of Object.values<any>(item)) if (op?.operationId === operationId) return p;
  throw new Error(`no operation ${operationId} in the spec`);
}
