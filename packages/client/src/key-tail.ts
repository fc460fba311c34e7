// The key in a failure's error, by the rule of key-run.ts: any run of half the key or more
// (12 characters or more), wherever it starts in the key, so its end quoted without its public
// start ("invalid key ...SECRET-123", a redirect to <the key's end>.evil.example) and a middle run
// go too. The transport's redaction (secret.ts) takes the key whole, or cut at its end, out of
// every answer at start; this runs on the failure path only, whose bytes are off the start bundle.
import type { Transport } from "./core.js";
import type { MonetError } from "./errors.js";
import { hideKeyBase64 } from "./key-base64.js";
import { hideKeyRuns } from "./key-run.js";
import { stripErrorControls } from "./strip-controls.js";

/**
 * `e` with any run of `key` (key-run.ts) and its base64 forms taken out of its message, its stack, its code, its
 * details' messages, its request id and every value of its headers (error-headers.ts).
 */
export function hideKeyTail<E extends MonetError>(e: E, key: string | undefined): E {
  if (!key) return e;
  // Its base64 forms too (key-base64.ts: a logged Authorization header, `Bearer <key>`).
  const hide = (s: string) => hideKeyBase64(hideKeyRuns(s, key, "[redacted]"), key, "[redacted]");
  e.message = hide(e.message);
  if (e.stack) e.stack = hide(e.stack);
  for (const d of (e as { details?: { message: string }[] }).details ?? []) d.message = hide(d.message);
  const w = e as { code?: string; requestId?: string; headers?: Headers };
  if (typeof w.code === "string") w.code = hide(w.code);
  // The field logged beside the message: an X-Request-Id may echo the key (without monet_, a middle run).
  if (typeof w.requestId === "string") w.requestId = hide(w.requestId);
  for (const [name, value] of [...(w.headers ?? [])]) w.headers?.set(name, hide(value));
  return e;
}

/** The client's own key, from its Authorization header (none in proxy mode): read when needed, never kept. */
export const keyOf = (t: Transport) => t.cfg.auth().authorization?.slice("Bearer ".length);

/**
 * `e` as the caller sees it: terminal sequences and control characters out of its message, code and
 * request id (strip-controls.ts), then the key's runs (a key split by a control character is whole again).
 */
export const shownError = <E extends MonetError>(e: E, t: Transport): E => hideKeyTail(stripErrorControls(e), keyOf(t));
