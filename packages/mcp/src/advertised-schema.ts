// The schemas as agents are shown them. An agent pays for every character of tools/list on every
// turn, so the create tools do not carry every model's JSON Schema (the oneOf of every video model was
// 28,800 characters): their `input` names the model ids, and one model's fields, values, bounds
// and defaults come from describe_model (or its resource) when the agent picks it. The server
// still checks each input against its model's full schema before anything is sent (arguments.ts).
// The models' schemas say to upload local files with the HTTP route, which an agent cannot call;
// here they name the upload_file tool.
import { uploadFile } from "@monet-ai/client/operations";

type Schema = Record<string, unknown>;

const ROUTE = `\`${uploadFile.method} ${uploadFile.path}\``;

/** `v` with every text naming the upload route naming the upload_file tool instead. */
export function agentWords<T>(v: T): T {
  if (typeof v === "string")
    return v
      .replaceAll(`Upload local files with ${ROUTE} first`, "Upload local files with the upload_file tool first")
      .replaceAll(ROUTE, "the upload_file tool") as T;
  if (Array.isArray(v)) return v.map(agentWords) as T;
  if (!v || typeof v !== "object") return v;
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, agentWords(x)])) as T;
}

/** The keywords of a schema that hold schemas, by how: one, a list, or a map of names (whose keys are names, not keywords). */
const ONE = new Set(["items", "additionalProperties", "not", "if", "then", "else", "contains", "propertyNames"]);
const LIST = new Set(["oneOf", "anyOf", "allOf", "prefixItems"]);
const MAP = new Set(["properties", "patternProperties", "$defs", "definitions"]);

/**
 * `schema` without the keywords in `drop` at any depth below its top, which keeps them: a property
 * named like a keyword (`description`, `title`) is a name, not dropped.
 */
export function without(schema: Schema, drop: ReadonlySet<string>): Schema {
  const sub = (s: unknown): unknown => (s && typeof s === "object" && !Array.isArray(s) ? inner(s as Schema) : s);
  const walk = (s: Schema, top: boolean): Schema =>
    Object.fromEntries(
      Object.entries(s)
        .filter(([k]) => top || !drop.has(k))
        .map(([k, x]) => {
          if (ONE.has(k)) return [k, sub(x)];
          if (LIST.has(k) && Array.isArray(x)) return [k, x.map(sub)];
          if (MAP.has(k) && x && typeof x === "object") return [k, Object.fromEntries(Object.entries(x).map(([n, y]) => [n, sub(y)]))];
          return [k, x];
        }),
    );
  const inner = (s: Schema) => walk(s, false);
  return walk(schema, true);
}

const NOTES = new Set(["description", "title", "examples"]);

/**
 * An output schema as a tool advertises it: what a client validates `structuredContent` with, and
 * its top-level description. The nested descriptions, titles and examples describe what the agent
 * reads in the result itself.
 */
export const outputSchema = ({ title: _t, examples: _e, ...schema }: Schema) => without(schema, NOTES);

/** What a schema checks, without any of its notes: two schemas with the same rules hold the same values. */
export const rulesOf = ({ description: _d, ...schema }: Schema) => outputSchema(schema);

/** One model's input schema, standalone and compact: what describe_model and the model's resource give. */
export function modelInputSchema({ $schema: _s, $id: _i, title: _t, description: _d, examples: _e, ...rest }: Schema): Schema {
  // Its fields' descriptions are in the `fields` beside it, and an example input in `example`.
  return agentWords(without(rest, NOTES));
}

/**
 * A create tool's `input`: the model ids (the one field every input has), and the rest of the
 * object left to the model's schema, which the server checks it against.
 */
export function createInput(type: string, models: readonly string[]): Schema {
  return {
    type: "object",
    description: `The ${type} model's input: model, and that model's own fields (describe_model gives them, with the values and bounds each takes).`,
    required: ["model"],
    properties: { model: { type: "string", enum: [...models] } },
  };
}
