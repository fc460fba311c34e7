// An operation's path and query arguments checked against its row of the operations table (type,
// enum, bounds, length, pattern), naming the parameter: the one check of every operation's
// arguments, simulated (the list's page and pageSize, getTask's id) or not (answered from the
// spec's example), so the mock refuses what the spec refuses before it answers anything else.
import type { operations } from "./generated/operations.gen.js";

type Row = (typeof operations)[keyof typeof operations];
/** A parameter's schema keywords as the generator writes them (any of them may be absent). */
type Schema = {
  type?: string | readonly string[];
  enum?: readonly unknown[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
};
export interface ParamIssue {
  field: string;
  message: string;
}
/** What went wrong before any check could run: a path argument that is not valid percent-encoding. */
export class BadEncoding extends Error {}

/** A value as an answer quotes it, cut short: a 15 kB value came back twice (message and details) in a 30 kB answer. */
const quoted = (raw: string) => JSON.stringify(raw.length > 80 ? `${raw.slice(0, 80)}…` : raw);

const types = (s: Schema) => (s.type === undefined ? [] : typeof s.type === "string" ? [s.type] : s.type);

/** The problem with one value (as text, as it came in the URL), or undefined when it is allowed. */
export function checkValue(name: string, raw: string, schema: Schema): string | undefined {
  const got = `(got ${quoted(raw)})`;
  if (schema.enum) {
    const ok = schema.enum.some((v) => String(v) === raw);
    return ok ? undefined : `${name} must be one of ${schema.enum.join(", ")} ${got}`;
  }
  const t = types(schema);
  if (t.includes("integer") || t.includes("number")) {
    const whole = t.includes("integer") && !t.includes("number");
    const n = Number(raw);
    const lo = schema.minimum ?? schema.exclusiveMinimum;
    const hi = schema.maximum ?? schema.exclusiveMaximum;
    const bad =
      raw.trim() === "" ||
      !Number.isFinite(n) ||
      (whole && !/^-?\d+$/.test(raw)) ||
      (schema.minimum !== undefined && n < schema.minimum) ||
      (schema.maximum !== undefined && n > schema.maximum) ||
      (schema.exclusiveMinimum !== undefined && n <= schema.exclusiveMinimum) ||
      (schema.exclusiveMaximum !== undefined && n >= schema.exclusiveMaximum);
    if (!bad) return undefined;
    const kind = whole ? "a whole number" : "a number";
    const range =
      lo !== undefined && hi !== undefined ? ` from ${lo} to ${hi}` : lo !== undefined ? ` of at least ${lo}` : hi !== undefined ? ` of at most ${hi}` : "";
    const open = schema.exclusiveMinimum !== undefined || schema.exclusiveMaximum !== undefined ? " (bounds excluded)" : "";
    return `${name} must be ${kind}${range}${open} ${got}`;
  }
  if (t.includes("boolean") && raw !== "true" && raw !== "false") return `${name} must be true or false ${got}`;
  const length = Array.from(raw).length;
  if (schema.minLength !== undefined && length < schema.minLength) return `${name} must be at least ${schema.minLength} characters long ${got}`;
  if (schema.maxLength !== undefined && length > schema.maxLength) return `${name} must be at most ${schema.maxLength} characters long ${got}`;
  if (schema.pattern !== undefined && !new RegExp(schema.pattern, "u").test(raw)) return `${name} must match ${schema.pattern} ${got}`;
  return undefined;
}

/**
 * The query's values by name, decoded as a path argument is: URLSearchParams turns a malformed
 * escape (`%E0`, an encoded lone surrogate) into U+FFFD, which then passed as an accepted value.
 */
function strictQuery(query: string): Map<string, string[]> {
  const values = new Map<string, string[]>();
  for (const pair of query.replace(/^\?/, "").split("&")) {
    if (!pair) continue;
    const eq = pair.indexOf("=");
    const [k, v] = eq < 0 ? [pair, ""] : [pair.slice(0, eq), pair.slice(eq + 1)];
    let name: string;
    let value: string;
    try {
      [name, value] = [k, v].map((x) => decodeURIComponent(x.replaceAll("+", " ")));
    } catch {
      throw new BadEncoding(`the query's ${quoted(pair)} is not valid percent-encoding`);
    }
    values.set(name, [...(values.get(name) ?? []), value]);
  }
  return values;
}

/** A checked value as the operation reads it: a number for a number parameter, true or false for a boolean, else the text. */
function typed(raw: string, schema: Schema): unknown {
  const t = types(schema);
  if (t.includes("integer") || t.includes("number")) return Number(raw);
  return t.includes("boolean") ? raw === "true" : raw;
}

/**
 * Every path and query argument of `row` checked: `path` holds the raw (percent-encoded) path
 * arguments by name, `query` the request's query string. A query parameter given twice is a
 * problem too (the spec's parameters are single values). Query keys the spec does not name are
 * ignored, as the simulated operations do. Throws BadEncoding for a malformed path argument.
 * `values` holds each parameter's value, typed, or the spec's default when it was not given.
 */
export function readParams(row: Row, path: Record<string, string>, query: string): { issues: ParamIssue[]; values: Record<string, unknown> } {
  const issues: ParamIssue[] = [];
  const values: Record<string, unknown> = {};
  const q = strictQuery(query);
  for (const p of row.params) {
    const schema = p.schema as Schema & { default?: unknown };
    let given: string[];
    if (p.in === "path") {
      try {
        given = [decodeURIComponent(path[p.name] ?? "")];
      } catch {
        const raw = path[p.name] ?? "";
        throw new BadEncoding(`${p.name} is not valid percent-encoding (got ${quoted(raw)})`);
      }
    } else given = q.get(p.name) ?? [];
    if (given.length === 0) {
      if (p.required) issues.push({ field: p.name, message: `${p.name} is required` });
      else values[p.name] = schema.default;
      continue;
    }
    if (given.length > 1) {
      issues.push({ field: p.name, message: `${p.name} was given ${given.length} times; give it once` });
      continue;
    }
    const problem = checkValue(p.name, given[0], schema);
    if (problem) issues.push({ field: p.name, message: problem });
    else values[p.name] = typed(given[0], schema);
  }
  return { issues, values };
}

/** The problems of `row`'s path and query arguments (readParams without the values). */
export const checkParams = (row: Row, path: Record<string, string>, query: string): ParamIssue[] => readParams(row, path, query).issues;
