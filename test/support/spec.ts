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
