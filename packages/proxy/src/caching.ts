// Shared caches (a CDN, a company proxy) in front of the app: every answer the proxy passes on
// was made with the server's key for a caller `authorize` admitted, usually by a cookie or an
// Authorization header, so a shared cache must never serve it to anyone else.

/** What an answer depends on besides its URL: the page's origin (CORS) and what `authorize` reads. */
export const VARY = "Origin, Cookie, Authorization";

/** Directives that let a shared cache keep an answer: dropped. */
const SHARED = /^(public|s-maxage|proxy-revalidate)$/i;

/**
 * Monet's Cache-Control for one user's browser only: `public` and shared-cache directives
 * dropped, `private` added unless the answer is `private` or `no-store` already. The browser's
 * own caching (max-age, no-cache, ...) is kept.
 */
export function privateCacheControl(value: string | null): string {
  const directives = (value ?? "")
    .split(",")
    .map((d) => d.trim())
    .filter((d) => d && !SHARED.test(d.split("=")[0].trim()));
  const names = directives.map((d) => d.split("=")[0].trim().toLowerCase());
  if (!names.includes("private") && !names.includes("no-store")) directives.unshift("private");
  return directives.join(", ");
}
