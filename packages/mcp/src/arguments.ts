// Every tool call is checked against the JSON Schema the tool advertises, before anything is
// read or sent; a refusal names each wrong argument and what is allowed. A task input is checked
// with the model catalog's own words first (`input.duration must be one of 10, 15 (got 5)`),
// then against its model's schema. Ajv is the validator the MCP SDK itself ships.

import { closest } from "@monet-ai/models";
import { inputSchemas } from "@monet-ai/models/schemas";
import { validateInput } from "@monet-ai/models/validate";
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import type { ToolDef } from "./tools.js";

type Schema = Record<string, unknown>;
// ajv-formats is CommonJS: its function is the default export under Node ESM, `.default` in bundles.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv2020) => Ajv2020;
const ajv = addFormats(new Ajv2020({ allErrors: true, strict: false, verbose: true }));

const show = (v: unknown) => {
  // JSON says null for these (1e309 parses as Infinity): say what the number is.
  if (typeof v === "number" && !Number.isFinite(v)) return `${v}, not a finite number`;
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 60 ? `${s.slice(0, 60)}…` : s;
};
/** `/input/images/0` becomes `input.images[0]`. */
const where = (pointer: string, extra?: string) =>
  [...pointer.split("/").slice(1), ...(extra ? [extra] : [])]
    .map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce((out, p) => (/^\d+$/.test(p) ? `${out}[${p}]` : out ? `${out}.${p}` : p), "");

function message(e: ErrorObject, root: Schema): string {
  const at = where(e.instancePath);
  // Ajv's params, by keyword: each case below reads its own.
  const p = e.params as {
    missingProperty: string;
    additionalProperty: string;
    allowedValues: unknown[];
    allowedValue: unknown;
    type: string;
    comparison: string;
    limit: number;
  };
  switch (e.keyword) {
    case "required": {
      const name = where(e.instancePath, p.missingProperty);
      const desc = !at ? ((root.properties as Record<string, Schema> | undefined)?.[p.missingProperty]?.description as string | undefined) : undefined;
      return `${name} is required${desc ? `: ${desc.replace(/\.$/, "")}` : ""}`;
    }
    case "additionalProperties": {
      const name = where(e.instancePath, p.additionalProperty);
      const parent = at ? undefined : root;
      const allowed = Object.keys((parent?.properties as Schema | undefined) ?? {});
      // Case and separators do not count: task_id is a spelling of taskId.
      const near = closest(p.additionalProperty, allowed);
      const hint = near.length ? ` (did you mean ${near.join(" or ")}?)` : "";
      return `${name} is not an argument${hint}${allowed.length ? `; the arguments are ${allowed.join(", ")}` : ""}`;
    }
    case "enum":
      return `${at} must be one of ${(p.allowedValues as unknown[]).map(String).join(", ")} (got ${show(e.data)})`;
    case "const":
      return `${at} must be ${show(p.allowedValue)} (got ${show(e.data)})`;
    case "type":
      return `${at} must be ${p.type === "integer" ? "a whole number" : p.type === "object" ? "an object" : p.type === "array" ? "a list" : `a ${p.type}`} (got ${show(e.data)})`;
    case "minimum":
    case "maximum":
    case "exclusiveMinimum":
    case "exclusiveMaximum":
      return `${at} must be ${p.comparison} ${p.limit} (got ${show(e.data)})`;
    case "minLength":
      return `${at} must have at least ${p.limit} character${p.limit === 1 ? "" : "s"} (got ${show(e.data)})`;
    default:
      return `${at || "arguments"} ${e.message ?? "is invalid"} (got ${show(e.data)})`;
  }
}

function errors(validate: ValidateFunction, data: unknown, root: Schema) {
  if (validate(data)) return [];
  return unique((validate.errors ?? []).filter((e) => e.keyword !== "if").map((e) => message(e, root)));
}
const unique = (xs: string[]) => [...new Set(xs)];

/**
 * Deepest nesting of objects and lists an argument may have: a bound on the stack (the schema check
 * and the retry key's canonical JSON recurse), far above any task input's few levels. Not an API rule.
 */
export const MAX_NESTING = 32;

/**
 * The argument nested deeper than MAX_NESTING, as a problem; found without recursion, before
 * anything that recurses reads the arguments.
 */
export function tooDeep(args: Record<string, unknown>): string | undefined {
  for (const [name, value] of Object.entries(args)) {
    const stack: [unknown, number][] = [[value, 1]];
    for (let next = stack.pop(); next; next = stack.pop()) {
      const [v, depth] = next;
      if (!v || typeof v !== "object") continue;
      if (depth > MAX_NESTING) return `${name} is nested too deeply (more than ${MAX_NESTING} levels of objects and lists)`;
      for (const child of Object.values(v)) stack.push([child, depth + 1]);
    }
  }
  return undefined;
}

/**
 * The name a tools/call's own `__proto__` argument goes by past the transport. The SDK's request
 * schema drops that key without a word (zod guards against prototype pollution), so an argument
 * the agent sent would be silently ignored; renamed first, it is refused like any unknown one.
 */
const PROTO = "\u0000__proto__";

/** A JSON-RPC message as the transport read it, with a tools/call's own `__proto__` argument renamed (see PROTO). */
export function keepProtoArgument(message: unknown) {
  const m = message as { method?: unknown; params?: { arguments?: unknown } };
  const args = m?.method === "tools/call" ? m.params?.arguments : undefined;
  if (args && typeof args === "object" && Object.hasOwn(args, "__proto__")) {
    const value = Object.getOwnPropertyDescriptor(args, "__proto__")?.value;
    Reflect.deleteProperty(args, "__proto__");
    Object.defineProperty(args, PROTO, { value, enumerable: true, writable: true, configurable: true });
  }
  return message;
}

/** One checker per tool: returns every problem with a call's arguments, `[]` when they are valid. */
export function argumentChecker(tool: ToolDef) {
  const schema = tool.inputSchema;
  const type = /^create_(\w+)_task$/.exec(tool.name)?.[1];
  // A create tool advertises the model ids only (advertised-schema.ts): its input is checked against
  // the model's own full schema, which the agent reads in describe_model.
  const models = type ? (inputSchemas as Record<string, Record<string, Schema>>)[type] : undefined;
  // Compiled on first use (compiling every model schema at start costs seconds on a busy machine).
  // The top level alone; a task input is checked by the catalog, then by its model's schema.
  let top: ValidateFunction | undefined;
  const byModel = new Map<string, ValidateFunction>();
  const branch = (model: string) => {
    if (!byModel.has(model) && models && Object.hasOwn(models, model)) {
      // Without its $id: each server's checkers compile it again, and Ajv keeps one schema per $id.
      const { $id: _i, ...s } = models[model];
      byModel.set(model, ajv.compile(s));
    }
    return byModel.get(model);
  };

  return (args: unknown): string[] => {
    top ??= ajv.compile(models ? { ...schema, properties: { ...schema.properties, input: { type: "object" } } } : schema);
    const problems = errors(top, args, schema).map((m) => (m.startsWith(`${PROTO} `) ? `__proto__${m.slice(PROTO.length)}` : m));
    const given = (args as Record<string, unknown> | undefined)?.input;
    if (!type || !given || typeof given !== "object" || Array.isArray(given)) return problems;
    const issues = validateInput(type, given);
    if (issues.length) return [...problems, ...issues.map((i) => `input.${i.message}`)];
    const model = branch((given as { model: string }).model);
    return [...problems, ...(model ? errors(model, given, {}).map((m) => `input.${m}`) : [])];
  };
}
