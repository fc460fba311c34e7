// Checks a pipeline file against the JSON Schema this package ships (generated from the spec).
// It reads only the keywords that generator writes, so it stays a page long instead of a general
// JSON Schema engine; a test holds it to Ajv's verdicts.
import { showValue as show } from "@monet-ai/models/validate";

type Schema = Record<string, unknown> & { $ref?: string };
export interface SchemaIssue {
  path: string;
  message: string;
}

const typeOf = (v: unknown) => (v === null ? "null" : Array.isArray(v) ? "array" : Number.isInteger(v) ? "integer" : typeof v);
const join = (path: string, key: string | number) => (typeof key === "number" ? `${path}[${key}]` : path ? `${path}.${key}` : key);

export function checkAgainstSchema(root: Schema, value: unknown): SchemaIssue[] {
  const resolve = (s: Schema): Schema =>
    s.$ref
      ? resolve(
          s.$ref
            .slice(2)
            .split("/")
            .reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], root) as Schema,
        )
      : s;

  /** Adds every problem to `out`; true when it added none. */
  function check(schema: Schema, v: unknown, path: string, out: SchemaIssue[]): boolean {
    const before = out.length;
    const s = resolve(schema);
    const at = path || "the file";
    const issue = (m: string) => {
      out.push({ path, message: `${at} ${m}` });
      return false;
    };
    if (s.type !== undefined) {
      const t = typeOf(v);
      if (!(t === s.type || (s.type === "number" && t === "integer")))
        return issue(
          `must be ${s.type === "array" ? "a list" : s.type === "object" ? "an object" : `a${s.type === "integer" ? " whole number" : ` ${s.type}`}`} (got ${show(v)})`,
        );
    }
    if ("const" in s && v !== s.const) return issue(`must be ${show(s.const)} (got ${show(v)})`);
    if (Array.isArray(s.enum) && !s.enum.includes(v)) return issue(`must be one of ${s.enum.join(", ")} (got ${show(v)})`);
    if (typeof v === "number") {
      if (typeof s.minimum === "number" && v < s.minimum) issue(`must be at least ${s.minimum} (got ${v})`);
      if (typeof s.maximum === "number" && v > s.maximum) issue(`must be at most ${s.maximum} (got ${v})`);
    }
    if (typeof v === "string") {
      const n = [...v].length;
      if (typeof s.minLength === "number" && n < s.minLength) issue(`must have at least ${s.minLength} characters (got ${n})`);
      if (typeof s.maxLength === "number" && n > s.maxLength) issue(`must have at most ${s.maxLength} characters (got ${n})`);
      if (typeof s.pattern === "string" && !new RegExp(s.pattern, "u").test(v)) issue(`does not have the allowed form (got ${show(v)})`);
    }
    if (Array.isArray(v)) {
      if (typeof s.minItems === "number" && v.length < s.minItems) issue(`must have at least ${s.minItems} items (got ${v.length})`);
      if (typeof s.maxItems === "number" && v.length > s.maxItems) issue(`must have at most ${s.maxItems} items (got ${v.length})`);
      if (s.items) for (const [i, x] of v.entries()) check(s.items as Schema, x, join(path, i), out);
    }
    if (v && typeof v === "object" && !Array.isArray(v)) {
      const o = v as Record<string, unknown>;
      const props = (s.properties ?? {}) as Record<string, Schema>;
      // At the missing field's own path: the catalog's check of a step's input names the same path (one issue, not two).
      for (const r of (s.required as string[] | undefined) ?? []) if (!(r in o)) out.push({ path: join(path, r), message: `${join(path, r)} is required` });
      if (typeof s.minProperties === "number" && Object.keys(o).length < s.minProperties)
        issue(`must have at least ${s.minProperties} entr${s.minProperties === 1 ? "y" : "ies"}`);
      for (const [k, x] of Object.entries(o)) {
        const names = s.propertyNames as Schema | undefined;
        if (names) check(names, k, join(path, k), out);
        if (props[k]) check(props[k], x, join(path, k), out);
        else if (s.additionalProperties === false)
          out.push({
            path: join(path, k),
            message: `${join(path, k)} is not allowed; ${at === "the file" ? "the fields are" : `${at} takes`} ${Object.keys(props).join(", ")}`,
          });
        else if (s.additionalProperties && typeof s.additionalProperties === "object") check(s.additionalProperties as Schema, x, join(path, k), out);
      }
    }
    for (const sub of (s.allOf as Schema[] | undefined) ?? []) {
      if (sub.if) {
        if (!check(sub.if as Schema, v, path, [])) continue;
        if (sub.then) check(sub.then as Schema, v, path, out);
      } else check(sub, v, path, out);
    }
    for (const key of ["anyOf", "oneOf"] as const) {
      const subs = s[key] as Schema[] | undefined;
      if (!subs) continue;
      const results = subs.map((sub) => {
        const o: SchemaIssue[] = [];
        check(sub, v, path, o);
        return o;
      });
      const passing = results.filter((r) => !r.length).length;
      // The words of the branch of the value's own type (`items: { file }` is the object form, not
      // "must be a list"), else of the first branch, the field's own rule.
      const t = typeOf(v);
      const own = subs.findIndex((sub) => {
        const type = resolve(sub).type;
        return type === t || (type === "number" && t === "integer");
      });
      if (passing === 0) out.push(...results[Math.max(own, 0)]);
      else if (key === "oneOf" && passing > 1) issue("matches more than one allowed form");
    }
    return out.length === before;
  }

  const out: SchemaIssue[] = [];
  check(root, value, "", out);
  return out;
}
