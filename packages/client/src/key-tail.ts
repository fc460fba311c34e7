// The key cut at its start, as a server that quotes a key's end shows it ("invalid key
// ...SECRET-123", a redirect to <the key's end>.evil.example). Its last half (12 characters or
// more) is the secret part of it. The transport's redaction (secret.ts) takes the key whole, or
// cut at its end, out of every answer; this takes it cut at its start out of a failure's error,
// on the failure path only, whose bytes are off the start bundle.
import type { MonetError } from "./errors.js";

/** Every end of `key` of at least half of it and 12 characters (each non-word character also percent-encoded); none for a key that short. */
export function keyTail(key: string): RegExp | undefined {
  const n = Math.ceil(Math.max(12, key.length / 2));
  if (key.length <= n) return undefined;
  let re = "";
  // The characters before the last n are optional from the left: `((k0)?k1)?k2...kn`.
  for (const [i, c] of [...key].entries()) {
    const one = c.replace(/\W/, "(?:\\$&|%\\w\\w)");
    re = i < key.length - n ? `(?:${re}${one})?` : re + one;
  }
  return new RegExp(re, "gi");
}

/** `e` with any end of `key` (keyTail) taken out of its message, its stack and its details' messages. */
export function hideKeyTail<E extends MonetError>(e: E, key: string | undefined): E {
  const tail = key ? keyTail(key) : undefined;
  if (!tail) return e;
  const hide = (s: string) => s.replace(tail, "[redacted]");
  e.message = hide(e.message);
  if (e.stack) e.stack = hide(e.stack);
  for (const d of (e as { details?: { message: string }[] }).details ?? []) d.message = hide(d.message);
  return e;
}
