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

export const readBundledSpec = (out) => JSON.parse(fs.readFileSync(path.join(out, "openapi/dist/openapi.json"), "utf8"));

/** `node` with every `#/components/schemas/X` reference replaced by a copy of X: standalone. */
export function inlineRefs(spec, node) {
  if (Array.isArray(node)) return node.map((n) => inlineRefs(spec, n));
  if (!node || typeof node !== "object") return node;
  if (typeof node.$ref === "string" && node.$ref.startsWith("#/components/schemas/")) {
    const { $ref, ...siblings } = node;
    return { ...inlineRefs(spec, spec.components.schemas[refName($ref)]), ...inlineRefs(spec, siblings) };
  }
  return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, k === "examples" ? v : inlineRefs(spec, v)]));
}

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
