// Which of Monet's response headers reach the browser. Cookies, hop-by-hop headers, headers
// that would bind the app's own origin (HSTS, Alt-Svc, CORS: the proxy sets its own) and any
// value holding the key stay on the server.
const DROPPED = new Set([
  "set-cookie",
  "set-cookie2",
  "connection",
  "keep-alive",
  "transfer-encoding",
  "te",
  "trailer",
  "upgrade",
  "proxy-authenticate",
  // fetch has already decoded the body, so its length and encoding no longer apply.
  "content-encoding",
  "content-length",
  "strict-transport-security",
  "alt-svc",
]);

export function filterResponseHeaders(upstream: Headers, key: string): Headers {
  const out = new Headers();
  upstream.forEach((value, name) => {
    if (DROPPED.has(name) || name.startsWith("access-control-") || value.includes(key)) return;
    out.set(name, value);
  });
  return out;
}
