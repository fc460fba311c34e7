// Checks a task input against its model before anything is sent, and says in plain words what
// is wrong with every field. Table-driven over compact generated rules, to stay small enough for
// browser bundles (a general JSON Schema engine is not); agrees with the spec's JSON Schema.

import { warnIfDeprecated } from "./deprecation.js";
import { type InputIssue, InputValidationError } from "./errors.js";
import { DOCS_URL, type Rule, rules, urlRule } from "./generated/rules.js";
import { closest } from "./similar.js";
import type { InputOfType, ModelType } from "./types.js";

export type { InputIssue };

// Data never makes the validator throw: objects are not turned into text (one without a
// prototype cannot be), and names are looked up as own properties only (`constructor`,
// `__proto__` and `toString` are not models or fields).
/** A value as an error message shows it: short text quoted, a list or object by its kind. */
export const showValue = (v: unknown) =>
  typeof v === "string"
    ? JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)
    : Array.isArray(v)
      ? `a list of ${v.length}`
      : v && typeof v === "object"
        ? "an object"
        : String(v);
const own = <T>(o: Record<string, T>, k: unknown) => (typeof k === "string" && Object.hasOwn(o, k) ? o[k] : undefined);
const list = (vs: readonly unknown[]) => vs.join(", ");
/** ` (did you mean images?)` after a name typed wrong, naming the closest of `known`, or "". */
const meant = (typed: unknown, known: string[], n = typeof typed === "string" ? closest(typed, known) : []) =>
  n.length ? ` (did you mean ${n.join(" or ")}?)` : "";
const aModel = (type: string) => `${type === "image" ? "an" : "a"} ${type} model`;
// JSON Schema counts characters as code points, not UTF-16 units.
const length = (s: string) => [...s].length;
// The spec's one URL rule (MediaUrl's pattern, an absolute http(s) URL).
const isUrl = (s: string) => urlRule.test(s);

function checkField(path: string, v: unknown, [, kind, , a, b, docs]: Rule, out: InputIssue[], docsUrl = DOCS_URL) {
  // A field the spec links to a docs section (`x-monet-docs`) names that section in its errors.
  const issue = (message: string, allowed?: InputIssue["allowed"], got: unknown = showValue(v)) =>
    out.push({
      path,
      message: `${path} ${message} (got ${got})${docs ? `; see the docs: ${docsUrl}#/${docs}` : ""}`,
      received: v,
      ...(allowed !== undefined ? { allowed } : {}),
    });
  // The bounds a and b apply to a number, a text's length or a list's size.
  const range = (n: number, unit = "") => {
    if (typeof a === "number" && n < a) issue(`must ${unit ? "have" : "be"} at least ${a}${unit}`, `>= ${a}${unit}`, unit ? n : v);
    if (typeof b === "number" && n > b) issue(`must ${unit ? "have" : "be"} at most ${b}${unit}`, `<= ${b}${unit}`, unit ? n : v);
  };
  if (kind === "e") {
    if (!(a as unknown[]).includes(v)) issue(`must be one of ${list(a as unknown[])}`, a as unknown[]);
  } else if (kind === "b") {
    if (typeof v !== "boolean") issue("must be true or false", "boolean");
  } else if (kind === "n" || kind === "i") {
    if (typeof v !== "number" || !Number.isFinite(v) || (kind === "i" && !Number.isInteger(v)))
      issue(`must be a ${kind === "i" ? "whole " : ""}number`, "number");
    else range(v);
  } else if (kind === "s") {
    if (typeof v !== "string") issue("must be text", "string");
    else range(length(v), " characters");
  } else if (!Array.isArray(v)) issue("must be a list of URLs", "string[]");
  else {
    range(v.length, " items");
    for (let i = 0; i < v.length && out.length <= MAX_ISSUES; i++)
      if (typeof v[i] !== "string" || !isUrl(v[i]))
        out.push({
          path: `${path}[${i}]`,
          message: `${path}[${i}] must be a URL; upload local files first (got ${showValue(v[i])})`,
          received: v[i],
          allowed: "URL",
        });
  }
}

/**
 * The most problems listed: an input with 300,000 bad list items or unknown fields made an error
 * 80 times the size of the request (49 MB from 586 kB), and took seconds to build.
 */
export const MAX_ISSUES = 20;

export interface ValidateOptions {
  /**
   * Called instead of reporting an issue when `input.model` is text that no type of this catalog
   * knows: a model newer than this package, which the API may accept. Its fields go unchecked.
   */
  onUnknownModel?: (model: string) => void;
  /**
   * Where the docs site is (`http://127.0.0.1:4000/`): messages that point to a docs section give
   * its whole URL. Default: the spec's docs site (its externalDocs), so a link can be followed.
   */
  docsUrl?: string;
  /** Where a deprecated model's one-time warning goes (default console.warn); see deprecation.ts. */
  onDeprecated?: (message: string) => void;
}

/** Every problem with `input` as the `input` of a task of `type`; `[]` when it is valid. */
export function validateInput(type: string, input: unknown, opts: ValidateOptions = {}): InputIssue[] {
  const byModel = own(rules, type);
  if (!byModel)
    return [{ path: "type", message: `type must be one of ${list(Object.keys(rules))} (got ${showValue(type)})`, received: type, allowed: Object.keys(rules) }];
  if (typeof input !== "object" || input === null || Array.isArray(input))
    return [{ path: "", message: `input must be an object with a model and its fields (got ${showValue(input)})`, received: input }];
  const obj = input as Record<string, unknown>;
  const model = own(obj, "model");
  const ids = Object.keys(byModel);
  const fieldRules = own(byModel, model);
  if (!fieldRules) {
    const elsewhere = Object.keys(rules).filter((t) => own(rules[t], model));
    if (opts.onUnknownModel && typeof model === "string" && model && !elsewhere.length) {
      opts.onUnknownModel(model);
      return [];
    }
    const hint = elsewhere.length ? `; ${model} is ${elsewhere.map(aModel).join(" and ")}` : "";
    return [
      {
        path: "model",
        message: `model ${model === undefined ? "is required" : `must be ${aModel(type)}${hint ? "" : meant(model, ids)}`}: one of ${list(ids)}${hint}${model === undefined ? "" : ` (got ${showValue(model)})`}`,
        received: model,
        allowed: ids,
      },
    ];
  }
  // Once per model id per process, for every caller that checks an input before creating (client, CLI, MCP).
  warnIfDeprecated(type, model, opts.onDeprecated);
  const out: InputIssue[] = [];
  const names = fieldRules.map((r) => r[0]);
  for (const key of Object.keys(obj))
    if (out.length > MAX_ISSUES) break;
    else if (key !== "model" && !names.includes(key))
      out.push({
        path: key,
        message: `${key} is not a field of ${model}${meant(key, names)}; its fields are ${list(names)}`,
        received: obj[key],
        allowed: names,
      });
  for (const r of fieldRules) {
    const v = own(obj, r[0]);
    if (v === undefined) {
      if (r[2]) out.push({ path: r[0], message: `${r[0]} is required for ${model}` });
    } else checkField(r[0], v, r, out, opts.docsUrl);
  }
  return out.length > MAX_ISSUES ? [...out.slice(0, MAX_ISSUES), { path: "", message: `more problems than the ${MAX_ISSUES} listed` }] : out;
}

/** Throws `InputValidationError` listing every problem unless `input` is valid for `type`. */
export function assertValidInput<T extends ModelType>(type: T, input: unknown): asserts input is InputOfType<T> {
  const issues = validateInput(type, input);
  if (issues.length) throw new InputValidationError(issues);
}
