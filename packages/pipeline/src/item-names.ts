// Item names become file names (`<step>/<name>.<ext>`); idempotency keys do not use them (names by
// position move when the list is edited; see item-keys.ts).
// Letters and digits of any script are kept (`日本.png`, `café.png`); everything else that could
// be a separator, a control or invisible character, or `..` is not. Two names that one disk
// would take for one file (`dup` and `DUP` on macOS and Windows) are refused.
import path from "node:path";
import { itemPlaces } from "./check-lines.js";
import type { PipelineIssue } from "./errors.js";
import type { Item } from "./items.js";

/** Runs of anything but letters, combining marks, digits and `.` `_` `-` become one `-`. */
const UNSAFE = /[^\p{L}\p{M}\p{N}._-]+/gu;
/** Characters kept (ASCII names are cut where they always were, so their keys stay the same). */
const MAX_CHARS = 80;
/** UTF-8 bytes kept: with `-<n>` and an extension, well under the 255 bytes disks allow. */
const MAX_BYTES = 200;
/** Windows device names, reserved with any extension (superscript digits too). */
const RESERVED = /^(con|prn|aux|nul|com[\d¹²³]|lpt[\d¹²³])(\.|$)/i;

/** A name's file-safe form, or "" when nothing of it is left (no letter or digit). */
export function fileSafeName(raw: string): string {
  let s = "";
  let chars = 0;
  let bytes = 0;
  // NFC: é typed as e + accent and é typed as one character are one name, as on macOS disks.
  for (const ch of raw.normalize("NFC").replace(UNSAFE, "-")) {
    bytes += Buffer.byteLength(ch);
    if (++chars > MAX_CHARS || bytes > MAX_BYTES) break;
    s += ch;
  }
  // No hidden file, no `..`, no trailing dot (Windows drops it).
  s = s.replace(/\.{2,}/g, ".").replace(/^[._-]+|[._-]+$/g, "");
  return RESERVED.test(s) ? `_${s}` : s;
}

/** What a case-insensitive disk compares (ß and SS alike, as their upper case is). */
const diskKey = (name: string) => name.toUpperCase().toLowerCase();

/**
 * A file-safe, unique name per item: the `nameField` value, else the item's `id`, else its
 * position from 1. Output files are `<step>/<name>.<ext>`, so names never hold a path.
 */
export function itemNames(items: Item[], nameField: string | undefined, issues: PipelineIssue[]): string[] {
  const field = nameField ?? (items.length && items.every((it) => it.id !== undefined && it.id !== null && it.id !== "") ? "id" : undefined);
  // An item's problem is placed on its own row (CSV, JSONL) or line, not on the file's `items:`.
  const at = (i: number) => itemPlaces.get(items[i]) ?? {};
  const names = items.map((it, i) => {
    if (!field) return String(i + 1);
    const raw = it[field];
    if (raw === undefined || raw === null || raw === "") {
      issues.push({ path: `items[${i}].${field}`, message: `item ${i + 1} has no ${field}, which item_name says names the items`, ...at(i) });
      return String(i + 1);
    }
    const name = fileSafeName(String(raw));
    if (!name)
      issues.push({
        path: `items[${i}].${field}`,
        message: `item ${i + 1}'s ${field} ${JSON.stringify(raw)} has no letter or digit to name its output files by (names keep letters and digits of any script, '.', '_' and '-'); give it one, or set item_name to another field`,
        ...at(i),
      });
    return name || String(i + 1);
  });
  const seen = new Map<string, number>();
  for (const [i, n] of names.entries()) {
    const first = seen.get(diskKey(n));
    if (first === undefined) {
      seen.set(diskKey(n), i);
      continue;
    }
    // The second item's row, and the first's where it has one: both are the places to look.
    const firstAt = at(first) as { file?: string; line?: number };
    const also = firstAt.line === undefined ? "" : ` (item ${first + 1} is at ${path.basename(firstAt.file as string)}:${firstAt.line})`;
    issues.push({
      path: `items[${i}]`,
      ...at(i),
      message:
        names[first] === n
          ? `items ${first + 1} and ${i + 1} both get the name ${JSON.stringify(n)}; output files need unique names (set item_name to a unique field)${also}`
          : `items ${first + 1} and ${i + 1} get the names ${JSON.stringify(names[first])} and ${JSON.stringify(n)}, which differ only in letter case: macOS and Windows disks take them for one file; output files need names unique regardless of case (set item_name to a unique field)${also}`,
    });
  }
  return names;
}
