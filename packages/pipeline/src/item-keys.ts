// What an idempotency key calls an item: never its position. Positions shift when a list is edited
// (an item removed, inserted, one added without an id), and a key that followed them paid again for
// every later item. An item is its `item_name` field's value when the file sets one, else its `id`,
// else its content (the fields the steps use: a note column no step reads changes no output); then
// its occurrence among the items called the same, so two equal items stay two tasks (and removing
// one of them leaves the other's key as it was, when it was the first).

import type { Pipeline } from "./definition.js";
import { canonical, sha256 } from "./hash.js";
import type { Item } from "./items.js";
import { parseRefs, strings } from "./template.js";

const given = (v: unknown) => v !== undefined && v !== null && v !== "";

/** The item fields (top level) that any step's input refers to. */
export function usedFields(inputs: unknown[]): Set<string> {
  const used = new Set<string>();
  for (const input of inputs) for (const [, v] of strings(input)) for (const r of parseRefs(v).refs) if (r.kind === "item") used.add(r.field[0]);
  return used;
}

/** `nameField` null: by content alone, as a list without ids was keyed (see formerItemKeys). */
export function itemKeys(items: Item[], nameField: string | undefined | null, used: Set<string>): string[] {
  const seen = new Map<string, number>();
  return items.map((it) => {
    const own =
      nameField === null
        ? undefined
        : nameField && given(it[nameField])
          ? `${nameField}:${canonical(it[nameField])}`
          : given(it.id)
            ? `id:${canonical(it.id)}`
            : undefined;
    const content = Object.fromEntries([...used].sort().map((f) => [f, it[f]]));
    const base = own ?? `content:${sha256(canonical(content)).slice(0, 32)}`;
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    return `${base}#${n}`;
  });
}

/** Whether items are named by their position (no `item_name`, and not every item has an `id`). */
export const namedByPosition = (items: Item[], nameField: string | undefined) => !nameField && !(items.length && items.every((it) => given(it.id)));

/**
 * What earlier runs into this folder called each item, when the file named items another way then:
 * by content before ids were added, by `id` before `item_name` was set, by another `item_name`. A
 * task key holds the item key, so without these, adding ids to a list whose inputs did not change
 * created (and paid for) every task again. `known`: the item keys the folder's journal holds (its
 * `item` records), each `<field>:<value>#n` or `content:<hash>#n`; only the ways of naming found
 * there are tried. A key two items would share, or that is an item's own key now, is left out: one
 * journaled task must never become two items' (those items are created anew, as before).
 */
export function formerItemKeys(p: Pick<Pipeline, "items" | "itemKeys" | "steps">, known: Iterable<string>): string[][] {
  const former: string[][] = p.items.map(() => []);
  const keys = [...known];
  if (!keys.length) return former;
  const used = usedFields(p.steps.map((s) => s.input));
  const fields = new Set(p.items.flatMap((it) => Object.keys(it)));
  fields.add("id");
  const ways: (string | null)[] = [...fields].filter((f) => keys.some((k) => k.startsWith(`${f}:`)));
  if (keys.some((k) => k.startsWith("content:"))) ways.push(null);
  const owners = new Map<string, number>();
  const current = new Set(p.itemKeys);
  for (const way of ways)
    for (const [i, k] of itemKeys(p.items, way, used).entries()) {
      if (current.has(k)) continue;
      const other = owners.get(k);
      owners.set(k, other === undefined || other === i ? i : -1);
    }
  for (const [k, i] of owners) if (i >= 0) former[i].push(k);
  return former;
}
