// A failed call's response headers, on its error (openai-node's `APIError.headers`): the rate-limit
// headers of a 429, a gateway's trace id on a 5xx. Loaded with the failure chunk. The key is taken out
// of every value by key-tail.ts (any run of it); headers that carry credentials are left out whole:
// a cookie a server or a proxy sets is a session, and a token under another name is not ours to show.

/**
 * Names left out: cookies, Authorization, and any name holding `api-key`, `secret`, `session` or
 * `password`, or ending in `-token` (`x-csrf-token`; a rate limit's `-tokens` stays).
 */
const CREDENTIAL = /^(set-cookie2?|cookie|(proxy-)?authorization)$|api-?key|secret|session|password|-token$/i;

/** A copy of `headers` without those that carry credentials. */
export function errorHeaders(headers: Headers): Headers {
  const kept = new Headers();
  for (const [name, value] of headers) if (!CREDENTIAL.test(name)) kept.append(name, value);
  return kept;
}
