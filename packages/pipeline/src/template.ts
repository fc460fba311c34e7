// `${{ item.x }}` and `${{ steps.<step>.outputs[0].url }}` in step inputs: what they refer to,
// and their values for one item.

export type Ref = { kind: "item"; field: string[] } | { kind: "step"; step: string; index: number };

const TEMPLATE = /\$\{\{(.*?)\}\}/g;
const ITEM = /^item((?:\.[A-Za-z0-9_][A-Za-z0-9_-]*)+)$/;
const STEP = /^steps\.([A-Za-z0-9][A-Za-z0-9_-]*)\.outputs\[(\d+)\]\.url$/;

/** The references in one string, or an error naming what is not understood. */
export function parseRefs(s: string): { refs: Ref[]; error?: string } {
  const refs: Ref[] = [];
  for (const m of s.matchAll(TEMPLATE)) {
    const expr = m[1].trim();
    const item = ITEM.exec(expr);
    const step = STEP.exec(expr);
    if (item) refs.push({ kind: "item", field: item[1].slice(1).split(".") });
    else if (step) refs.push({ kind: "step", step: step[1], index: Number(step[2]) });
    else return { refs, error: `${m[0]} is not understood; use \${{ item.<field> }} or \${{ steps.<step>.outputs[0].url }}` };
  }
  if (s.replace(TEMPLATE, "").includes("${{")) return { refs, error: `${JSON.stringify(s)} opens \${{ without closing it with }}` };
  return { refs };
}

/** Every string in `value` with its path (`prompt`, `images[0]`). */
export function* strings(value: unknown, path = ""): Generator<[string, string]> {
  if (typeof value === "string") yield [path, value];
  else if (Array.isArray(value)) for (const [i, v] of value.entries()) yield* strings(v, `${path}[${i}]`);
  else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) yield* strings(v, path ? `${path}.${k}` : k);
}

export interface Scope {
  item?: Record<string, unknown>;
  /** The URL of output `index` of `step` for this item, or undefined when it has none. */
  output(step: string, index: number): string | undefined;
  /** How many outputs `step` made for this item, once known (for the message when one is missing). */
  made?(step: string): number | undefined;
}

/** Thrown for a reference that has no value for this item (a missing field, a missing output). */
export class MissingValue extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

function lookup(ref: Ref, scope: Scope, field: string): unknown {
  if (ref.kind === "step") {
    const url = scope.output(ref.step, ref.index);
    if (url === undefined) {
      const made = scope.made?.(ref.step);
      throw new MissingValue(
        field,
        made === undefined
          ? `${field}: step ${ref.step} has no output ${ref.index}`
          : `${field}: step ${ref.step} made ${made} output${made === 1 ? "" : "s"}, so it has no outputs[${ref.index}] (they count from 0: outputs[0] is the first)`,
      );
    }
    return url;
  }
  let v: unknown = scope.item;
  for (const k of ref.field) v = v && typeof v === "object" ? (v as Record<string, unknown>)[k] : undefined;
  if (v === undefined || v === null) {
    const fields = scope.item ? Object.keys(scope.item).join(", ") : "";
    throw new MissingValue(field, `${field}: the item has no ${ref.field.join(".")}${fields ? ` (its fields: ${fields})` : ""}`);
  }
  return v;
}

/**
 * `value` with every template replaced. A string that is one template and nothing else takes the
 * value as it is (a number from JSONL stays a number); otherwise values are written into the text.
 */
export function substitute(value: unknown, scope: Scope, path = ""): unknown {
  if (typeof value === "string") {
    const whole = /^\$\{\{(.*?)\}\}$/.exec(value);
    if (whole && !whole[1].includes("}}")) {
      const { refs } = parseRefs(value);
      return lookup(refs[0], scope, path);
    }
    return value.replace(TEMPLATE, (m) => {
      const v = lookup(parseRefs(m).refs[0], scope, path);
      if (typeof v === "object") throw new MissingValue(path, `${path}: ${m.trim()} is a list or object and cannot be written into text`);
      return String(v);
    });
  }
  if (Array.isArray(value)) return value.map((v, i) => substitute(v, scope, `${path}[${i}]`));
  if (value && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, scope, path ? `${path}.${k}` : k)]));
  return value;
}
