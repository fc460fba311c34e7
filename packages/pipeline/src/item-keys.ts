// What an idempotency key calls an item: never its position. Positions shift when a list is edited
// (an item removed, inserted, one added without an id), and a key that followed them paid again for
// every later item. An item is its `item_name` field's value when the file sets one, else its `id`,
// else its content (the fields the steps use: a note column no step reads changes no output); then
// its occurrence among the items called the same, so two equal items stay two tasks (and removing
// one of them leaves the other's key as it was, when it was the first).
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

export function itemKeys(items: Item[], nameField: string | undefined, used: Set<string>): string[] {
  const seen = new Map<string, number>();
  return items.map((it) => {
    const own = nameField && given(it[nameField]) ? `${nameField}:${canonical(it[nameField])}` : given(it.id) ? `id:${canonical(it.id)}` : undefined;
    const content = Object.fromEntries([...used].sort().map((f) => [f, it[f]]));
    const base = own ?? `content:${sha256(canonical(content)).slice(0, 32)}`;
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    return `${base}#${n}`;
  });
}

/** Whether items are named by their position (no `item_name`, and not every item has an `id`). */
export const namedByPosition = (items: Item[], nameField: string | undefined) => !nameField && !(items.length && items.every((it) => given(it.id)));
