// The API key out of everything the provider hands back that a server sent: error bodies and
// headers, response headers, task ids, a failed task's error, output URLs. By the client's
// failure-path rule (key-tail.ts), as the CLI and MCP server show server text: any run of half the
// key or more (its end quoted without its public `monet_` start), percent- or JSON-escaped, split by
// characters that show as nothing, or base64 (a gateway logging `Authorization: Bearer <key>`).
// Task data reaches the provider through the client's start-path rule only (the whole key or its
// start: secret.ts, whose bytes are budgeted), so the provider applies this one itself.
import { hideKeyBase64, redactHidden } from "@monet-ai/client/outputs";

const MARK = "[redacted]";

export type Hide = (s: string) => string;

export const keyHider =
  (key: string): Hide =>
  (s) =>
    hideKeyBase64(redactHidden(s, key, MARK), key, MARK);

const plain = (v: object) => [Object.prototype, null].includes(Object.getPrototypeOf(v));

/** `v` with every string in it (in lists and plain objects, keys too) hidden; other objects (an error's `cause`) are left as they are. */
export function hideDeep<T>(v: T, hide: Hide): T {
  if (typeof v === "string") return hide(v) as T;
  if (Array.isArray(v)) return v.map((x) => hideDeep(x, hide)) as T;
  if (v && typeof v === "object" && plain(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [hide(k), hideDeep(x, hide)])) as T;
  return v;
}

/** An error the call throws, with its message, stack and own fields hidden (its messages quote task ids and URLs a server chose). */
export function hideError(e: unknown, hide: Hide): unknown {
  if (!(e instanceof Error)) return e;
  const fields = e as unknown as Record<string, unknown>;
  for (const k of Object.keys(e)) if (k !== "cause") fields[k] = hideDeep(fields[k], hide);
  e.message = hide(e.message);
  if (e.stack) e.stack = hide(e.stack);
  return e;
}
