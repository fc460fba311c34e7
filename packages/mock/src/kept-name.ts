// What the mock keeps of a name a client chooses and the mock must find again: an idempotency key
// (per task) and the API key that names an owner (its tasks, uploads and rate limit). A short
// name is kept as it is; a longer one only as a digest, so no client can make a task cost more
// than a few dozen bytes for them (a 1 MB idempotency_key kept whole cost ~1 MiB per task, and
// 4,000 such creates from any web page ran the mock out of heap). As request-fingerprint.ts
// does for the request text.
import { createHash } from "node:crypto";

/** Names up to this many UTF-16 units are kept as sent. */
export const KEPT_NAME_CHARS = 64;
/** A digest is longer than any name kept as sent (8 + 64 characters), so the two never meet. */
const DIGEST = "#sha256:";

/**
 * The name as kept: itself, or a digest of its UTF-16 units (not of UTF-8, which turns every lone
 * surrogate into U+FFFD: two keys that differ only there would become one).
 */
export const keptName = (name: string) =>
  name.length <= KEPT_NAME_CHARS ? name : DIGEST + createHash("sha256").update(Buffer.from(name, "utf16le")).digest("hex");
