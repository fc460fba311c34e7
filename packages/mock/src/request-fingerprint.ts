// What a task keeps of its create request, to tell a replay (the same JSON, in any key order)
// from a conflicting reuse of its idempotency key. A usual request (a few hundred bytes) is kept
// as its text, compared at no cost when a replay sends the same bytes; a larger one only as a
// digest of its canonical form, so a store of 100,000 tasks holds at most ~50 MB of requests
// (it held each whole: 1 MiB of padding per create grew the mock by 1 GB per 1,000 tasks).
import { createHash } from "node:crypto";

/** Longer request texts are kept as a digest. */
export const KEPT_TEXT_BYTES = 512;
const DIGEST = "#sha256:"; // JSON text never starts with "#"

/** JSON with every object's keys sorted: two requests that differ only in key order are equal. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (v && typeof v === "object")
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  return JSON.stringify(v);
}

const digest = (body: unknown) => DIGEST + createHash("sha256").update(canonical(body)).digest("base64");

/** What to keep of a request: its text (`body` is its parse). */
export const fingerprint = (text: string, body: unknown) => (text.length <= KEPT_TEXT_BYTES ? text : digest(body));

/** Whether a request is the one that was kept: the same bytes, or the same JSON. */
export function sameRequest(kept: string, text: string, body: unknown): boolean {
  if (kept === text) return true;
  return kept.startsWith(DIGEST) ? kept === digest(body) : canonical(JSON.parse(kept)) === canonical(body);
}
