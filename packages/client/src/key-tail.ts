// The key in a failure's error, by the rule of key-run.ts: any run of half the key or more
// (12 characters or more), wherever it starts in the key, so its end quoted without its public
// start ("invalid key ...SECRET-123", a redirect to <the key's end>.evil.example) and a middle run
// go too. The transport's redaction (secret.ts) takes the key whole, or cut at its end, out of
// every answer at start; this runs on the failure path only, whose bytes are off the start bundle.
import type { Transport } from "./core.js";
import type { MonetError } from "./errors.js";
import { hideKeyRuns } from "./key-run.js";

/** `e` with any run of `key` (key-run.ts) taken out of its message, its stack and its details' messages. */
export function hideKeyTail<E extends MonetError>(e: E, key: string | undefined): E {
  if (!key) return e;
  const hide = (s: string) => hideKeyRuns(s, key, "[redacted]");
  e.message = hide(e.message);
  if (e.stack) e.stack = hide(e.stack);
  for (const d of (e as { details?: { message: string }[] }).details ?? []) d.message = hide(d.message);
  return e;
}

/** The client's own key, from its Authorization header (none in proxy mode): read when needed, never kept. */
export const keyOf = (t: Transport) => t.cfg.auth().authorization?.slice("Bearer ".length);
