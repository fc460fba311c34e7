// What of Monet's answer reaches the browser: an allowlist, because the proxy answers on the
// app's own origin, where a header such as Refresh, Clear-Site-Data, Link, Location, Set-Cookie
// or Content-Security-Policy, or an HTML body, would act on the app's pages and cookies.

import { holdsKey, scrubKey } from "./answer-key.js";
import { privateCacheControl, VARY } from "./caching.js";
import { errorResponse } from "./errors.js";
import { responseHeaders, responseTypes } from "./generated/headers.gen.js";
import { checkedContentType, wellFormed } from "./header-values.js";

/** Headers passed on: the spec's response headers (generated) and the client's retry hint, the body's type and caching (made private). */
const FORWARDED = ["content-type", "cache-control", ...responseHeaders];
/** The content types the spec declares for the API's answers (generated: a type the spec adds passes with no edit here). */
const BODY_TYPES: ReadonlySet<string> = new Set(responseTypes);
const EXPECTED = responseTypes.join(" or ");
const NULL_BODY = new Set([204, 205, 304]);

/** Told why an answer was refused (the browser gets only the fixed message): what came, for the operator. */
export type OnRefused = (detail: string) => void;

export function browserResponse(upstream: Response, key: string, onRefused: OnRefused = () => {}): Response {
  const { status } = upstream;
  const badGateway = (message: string, detail: string) => {
    void upstream.body?.cancel().catch(() => {});
    onRefused(detail);
    return errorResponse(502, "bad_gateway", message);
  };
  if (status < 200 || status > 599) return badGateway(`Monet answered with an invalid status (${status}).`, `an invalid status (${status})`);
  const bodyless = NULL_BODY.has(status) || upstream.body === null || upstream.headers.get("content-length") === "0";
  const type = (upstream.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  if (!bodyless && !BODY_TYPES.has(type))
    return badGateway(
      `Monet answered with a content type the API does not use (expected ${EXPECTED}).`,
      // The type as sent, cut short and without control characters: it goes into a log line.
      `HTTP ${status} with ${!type ? "no content type" : holdsKey(type, key) ? "a content type holding the key" : JSON.stringify(type.slice(0, 100))}, a content type the API does not use: is baseUrl Monet (or the mock)?`,
    );
  const headers = new Headers({ "x-content-type-options": "nosniff" });
  for (const name of FORWARDED) {
    const value = upstream.headers.get(name);
    if (value !== null && !holdsKey(value, key) && wellFormed(name, value) && !(name === "content-type" && bodyless)) headers.set(name, value);
  }
  if (headers.has("content-type")) headers.set("content-type", checkedContentType(type, headers.get("content-type") ?? ""));
  // Never kept by a shared cache, and not served to another user by the browser's either.
  headers.set("cache-control", privateCacheControl(headers.get("cache-control")));
  headers.set("vary", VARY);
  if (bodyless || !upstream.body) {
    void upstream.body?.cancel().catch(() => {});
    return new Response(null, { status, headers });
  }
  // The body is read as JSON text (JSON, or events whose data is JSON), its escapes decoded before
  // looking for the key: for any other text that finds the key written plainly too.
  return new Response(scrubKey(upstream.body, key, { json: true }), { status, headers });
}
