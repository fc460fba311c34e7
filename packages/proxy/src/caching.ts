// Shared caches (a CDN, a company proxy) in front of the app: every answer the proxy passes on
// was made with the server's key for a caller `authorize` admitted, usually by a cookie or an
// Authorization header, so a shared cache must never serve it to anyone else.

/** What an answer depends on besides its URL: the page's origin (CORS) and what `authorize` reads. */
export const VARY = "Origin, Cookie, Authorization";

/**
 * The directives passed on (RFC 9111 5.2.2, RFC 8246, RFC 5861), with their argument's form: the
 * browser's own caching. Any other (and `public`, `s-maxage`, `proxy-revalidate`, which let a
 * shared cache keep the answer) is dropped, so the header cannot carry free text (a piece of the
 * key). `private` and `no-cache` lose a field-name list, which makes them stricter.
 */
const KEPT = /^(max-age|stale-while-revalidate|stale-if-error)=\d+$|^(no-cache|no-store|no-transform|must-revalidate|must-understand|private|immutable)$/;

/**
 * Monet's Cache-Control for one user's browser only: its known directives kept, shared-cache
 * ones dropped, `private` added unless the answer is `private` or `no-store` already. The
 * browser's own caching (max-age, no-cache, ...) is kept.
 */
export function privateCacheControl(value: string | null): string {
  const directives = (value ?? "")
    .split(",")
    .map((d) =>
      d
        .trim()
        .toLowerCase()
        .replace(/^(private|no-cache)=.*/, "$1"),
    )
    .filter((d) => KEPT.test(d));
  const names = directives.map((d) => d.split("=")[0].trim().toLowerCase());
  if (!names.includes("private") && !names.includes("no-store")) directives.unshift("private");
  return directives.join(", ");
}
