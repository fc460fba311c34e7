// What an idempotency key calls an item: never its position. Positions shift when a list is edited
// (an item removed, inserted, one added without an id), and a key that followed them paid again for
// every later item. An item is its `item_name` field's value when the file sets one, else its `id`,
// else its content; then its occurrence among the items called the same, so two equal items stay
// two tasks (and removing one of them leaves the other's key as it was, when it was the first).
import { canonical, sha256 } from "./hash.js";
import type { Item } from "./items.js";

const given = (v: unknown) => v !== undefined && v !== null && v !== "";

export function itemKeys(items: Item[], nameField: string | undefined): string[] {
  const seen = new Map<string, number>();
  return items.map((it) => {
    const own = nameField && given(it[nameField]) ? `${nameField}:${canonical(it[nameField])}` : given(it.id) ? `id:${canonical(it.id)}` : undefined;
    const base = own ?? `content:${sha256(canonical(it)).slice(0, 32)}`;
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    return `${base}#${n}`;
  });
}

/** Whether items are named by their position (no `item_name`, and not every item has an `id`). */
export const namedByPosition = (items: Item[], nameField: string | undefined) => !nameField && !(items.length && items.every((it) => given(it.id)));
