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
 * The idempotency key of one task: a hash of the pipeline name, the step, the item, the input
 * exactly as it is sent (outputs and uploads resolved to their URLs) and the attempt (0, then one
 * more for each --retry-failed). A rerun computes the same key, so the API returns the task it
 * already has instead of creating another; a changed input gets a new key and a new task.
 */
export function taskKey(pipeline: string, step: string, item: string, input: unknown, attempt: number): string {
  return `mp1-${sha256(`${pipeline}\n${step}\n${item}\n${canonical(input)}\n${attempt}`).slice(0, 48)}`;
}
