// How generators find the models in the bundled spec: by type, through each type's union and its
// discriminator mapping (the spec's own index of models). One place, for every generator.
import fs from "node:fs";
import path from "node:path";

export const TYPES = ["video", "image", "music"];

/** `sora-2` -> `Sora2`, `video` -> `Video`. */
export const pascal = (s) =>
  s
    .split(/[^a-zA-Z0-9]+/)
    .filter(Boolean)
    .map((p) => p[0].toUpperCase() + p.slice(1))
    .join("");

/** The HTTP methods a path item may hold an operation under (OpenAPI 3.1), in spec order. */
export const HTTP_METHODS = ["get", "put", "post", "delete", "patch", "head", "options"];

/** A component's name from its reference: `#/components/schemas/Task` -> `Task`. */
export const refName = (ref) => ref.split("/").pop();

/** `o`, or the component of `kind` (`schemas`, `parameters`, `responses`...) it references. */
export const resolveComponent = (spec, o, kind) => (o?.$ref ? spec.components[kind][refName(o.$ref)] : o);

/**
 * The known values of an enum, or of an open enum (anyOf: a string enum, inline or a $ref such as
 * ReportedTaskType's TaskType, beside any string); undefined for any other schema.
 */
export const knownValues = (spec, schema) =>
  schema.enum ?? schema.anyOf?.map((b) => resolveComponent(spec, b, "schemas")).find((b) => Array.isArray(b?.enum))?.enum;

export const readBundledSpec = (out) => JSON.parse(fs.readFileSync(path.join(out, "openapi/dist/openapi.json"), "utf8"));

/**
 * `node` standalone: every local `$ref` replaced by a copy of its target (keywords beside the
 * `$ref` kept), with only the keywords `keep(key, parentKey)` keeps. Examples are data, copied as
 * they are. Model schemas, tool schemas and the models package's JSON Schemas all come from here.
 */
export function inlineRefs(spec, node, keep = () => true, parentKey = undefined) {
  if (Array.isArray(node)) return node.map((n) => inlineRefs(spec, n, keep, parentKey));
  if (!node || typeof node !== "object") return node;
  if (typeof node.$ref === "string" && node.$ref.startsWith("#/")) {
    const { $ref, ...siblings } = node;
    const target = $ref
      .slice(2)
      .split("/")
      .reduce((n, k) => n?.[k], spec);
    if (target === undefined) throw new Error(`${$ref}: no such component in the spec`);
    return { ...inlineRefs(spec, target, keep, parentKey), ...inlineRefs(spec, siblings, keep, parentKey) };
  }
  return Object.fromEntries(
    Object.entries(node)
      .filter(([k]) => keep(k, parentKey))
      .map(([k, v]) => [k, k === "examples" ? v : inlineRefs(spec, v, keep, k)]),
  );
}

/** Keeps what a strict JSON Schema validator accepts: no `x-` vendor keyword. */
export const noVendorKeys = (k) => !k.startsWith("x-");

/**
 * The model input schemas of one type, in the order of the type's union, each standalone: the
 * shared parts it refers to (such as `MediaUrl`) are inlined.
 */
export function modelSchemas(spec, type) {
  const union = spec.components.schemas[`${pascal(type)}Input`];
  return Object.entries(union.discriminator.mapping).map(([id, ref]) => {
    const name = refName(ref);
    return { id, type, name, schema: inlineRefs(spec, spec.components.schemas[name]) };
  });
}
