// A JSON body for a copied curl sample: single-quoted for the shell, with an `idempotency_key`
// the shell makes anew on each run, so no two copied samples (and no rerun of an edited one)
// share a key (the API answers 409 to a reused key with a different body).

/**
 * The shell that makes a new idempotency key each time a curl sample runs: `uuidgen` (macOS,
 * most Linux), else the kernel's UUID (Linux without `uuidgen`, such as a minimal Debian).
 */
export const NEW_KEY = "$(uuidgen 2>/dev/null || cat /proc/sys/kernel/random/uuid)";
const KEY_SLOT = "\u0000key\u0000";

/** `body` as a single-quoted shell word; its `idempotency_key`, if it has one, is replaced by NEW_KEY. */
export function shellJson(body) {
  const withSlot = "idempotency_key" in body ? { ...body, idempotency_key: KEY_SLOT } : body;
  // Close the quotes around the key's command substitution.
  const json = JSON.stringify(withSlot, null, 2)
    .replace(/'/g, "'\\''")
    .replace(JSON.stringify(KEY_SLOT), () => `"'"${NEW_KEY}"'"`);
  return `'${json}'`;
}
