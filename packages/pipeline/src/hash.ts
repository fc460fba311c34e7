// Canonical JSON and hashes: the same input always gives the same idempotency key, whatever
// order its fields were written in.
import { createHash } from "node:crypto";

/** JSON with sorted object keys. */
export function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (v && typeof v === "object")
    return `{${Object.keys(v)
      .sort()
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  return JSON.stringify(v);
}

export const sha256 = (data: string | Uint8Array) => createHash("sha256").update(data).digest("hex");

/**
 * The idempotency key of one task: a hash of the pipeline name, the step, the item as keys call it
 * (its item_name or id, else its content and occurrence: never its position), the input with each
 * local file named by its SHA-256 (not by its upload's URL, which lives 24 hours) and outputs of
 * earlier steps by their URLs, and the attempt (0, then one more for each --retry-failed). A rerun
 * computes the same key, days later or after the list was edited, so it finds the task it has; a
 * changed input gets a new key and a new task.
 */
export function taskKey(pipeline: string, step: string, itemKey: string, input: unknown, attempt: number): string {
  return `mp2-${sha256(`${pipeline}\n${step}\n${itemKey}\n${canonical(input)}\n${attempt}`).slice(0, 48)}`;
}

/**
 * The key of journals written before keys named files by content and items by what they are: the
 * item's name and the input exactly as sent (upload URLs included). Looked up so that a folder
 * run by an older version keeps its tasks; never used for a new create.
 */
export function legacyTaskKey(pipeline: string, step: string, itemName: string, input: unknown, attempt: number): string {
  return `mp1-${sha256(`${pipeline}\n${step}\n${itemName}\n${canonical(input)}\n${attempt}`).slice(0, 48)}`;
}
