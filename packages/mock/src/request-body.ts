// The JSON body of an operation the mock does not simulate, checked against the spec's schema of
// that body (generated/request-bodies.gen.ts), so a new operation refuses what the spec refuses,
// naming each field, as the simulated ones do. Ajv is the JSON Schema 2020-12 validator (the
// dialect of OpenAPI 3.1) the MCP server and the tests already use; the package README says why.
import { showValue } from "@monet-ai/models/validate";
import type { Ajv2020, ErrorObject, ValidateFunction } from "ajv/dist/2020.js";
import { components, requestBodies } from "./generated/request-bodies.gen.js";
import type { ParamIssue } from "./params.js";

const ROOT = "https://mock.monet.invalid/request-bodies.json";
/**
 * Ajv with the spec's bodies, and how many problems an answer lists (as the model check's), loaded
 * on the first body to check: the repository's own spec has none (its bodies are simulated).
 */
let validator: Promise<{ ajv: Ajv2020; most: number }> | undefined;
const load = () =>
  (validator ??= (async () => {
    const [{ Ajv2020 }, formats, { MAX_ISSUES }] = await Promise.all([import("ajv/dist/2020.js"), import("ajv-formats"), import("@monet-ai/models")]);
    // ajv-formats is CommonJS: its function is the default export under Node ESM, `.default` in bundles.
    const addFormats = ((formats.default as { default?: unknown }).default ?? formats.default) as (ajv: Ajv2020) => Ajv2020;
    // Not strict: the spec's annotations (discriminator, examples, x-monet-*) are not assertions.
    const ajv = addFormats(new Ajv2020({ allErrors: true, strict: false, verbose: true }));
    ajv.addSchema({ $id: ROOT, components, bodies: Object.fromEntries(Object.entries(requestBodies).map(([op, b]) => [op, b.schema])) });
    return { ajv, most: MAX_ISSUES };
  })());
/** Compiled on first use. */
const compiled = new Map<string, ValidateFunction>();

/** `/labels/0` with `name` becomes `labels[0].name`; "" is the body itself. */
const fieldOf = (pointer: string, extra?: string) =>
  [...pointer.split("/").slice(1), ...(extra ? [extra] : [])]
    .map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce((out, p) => (/^\d+$/.test(p) ? `${out}[${p}]` : out ? `${out}.${p}` : p), "");

function issueOf(e: ErrorObject): ParamIssue {
  const p = e.params as { missingProperty?: string; additionalProperty?: string; allowedValues?: unknown[] };
  const field = fieldOf(e.instancePath, p.missingProperty ?? p.additionalProperty);
  const name = field || "the body";
  if (e.keyword === "required") return { field, message: `${name} is required` };
  if (e.keyword === "additionalProperties") return { field, message: `${name} is not a field of this request` };
  const rule = e.keyword === "enum" ? `must be one of ${p.allowedValues?.join(", ")}` : e.message;
  return { field, message: `${name} ${rule} (got ${showValue(e.data)})` };
}

/** Whether the spec documents a JSON body for `op` (the mock reads and checks it then). */
export const hasJsonBody = (op: string) => Object.hasOwn(requestBodies, op);

/** Whether `op`'s body must be sent. */
export const bodyRequired = (op: string) => Object.hasOwn(requestBodies, op) && requestBodies[op].required;

/** The problems of `body` (parsed JSON) against `op`'s request body schema, the first MAX_ISSUES; [] when it passes. */
export async function bodyIssues(op: string, body: unknown): Promise<ParamIssue[]> {
  const { ajv, most } = await load();
  let validate = compiled.get(op);
  if (!validate) {
    validate = ajv.getSchema(`${ROOT}#/bodies/${op}`);
    if (!validate) throw new Error(`the spec documents no JSON body of ${op}`);
    compiled.set(op, validate);
  }
  return validate(body) ? [] : (validate.errors ?? []).slice(0, most).map(issueOf);
}
