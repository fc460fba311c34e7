// The Host header, checked before anything else: a malformed one is refused (RFC 9112 asks for a
// 400), and with `allowedHosts` only the app's own names pass, so a page on a DNS-rebound name
// (attacker.example resolving to your server) cannot call the proxy as "same origin". With
// neither `allowedHosts` nor `authorize` (a development proxy), only loopback names and IP
// literals pass, as in Vite since CVE-2025-24010: a rebinding page always has a DNS name.

// A host name or IPv4 address, or a bracketed IPv6 address, then an optional port. Nothing
// else (no "/", "?", "@" or space) can ride along into a URL someone builds from it.
const HOST = /^(?:\[[0-9a-f:.]+\]|[a-z0-9](?:[a-z0-9_-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9_-]*[a-z0-9])?)*\.?)(?::(\d{1,5}))?$/i;

/** True when `value` is a well-formed Host header (the port, if any, within 1-65535). */
export function validHost(value: string): boolean {
  const m = HOST.exec(value);
  return m !== null && (m[1] === undefined || (Number(m[1]) >= 1 && Number(m[1]) <= 65535));
}

/**
 * A matcher for the `allowedHosts` option: "app.example" allows that name on any port,
 * "localhost:3000" that port only; case does not matter. A malformed entry is an error at start-up.
 */
export function hostMatcher(allowed: readonly string[]): (host: string | null) => boolean {
  const entries = allowed.map((entry) => {
    if (typeof entry !== "string" || !validHost(entry))
      throw new TypeError(`allowedHosts: ${JSON.stringify(entry)} is not a host name with an optional port (e.g. "app.example" or "localhost:3000").`);
    return entry.toLowerCase().replace(/\.(?=:|$)/, "");
  });
  return (host) => {
    if (host === null || !validHost(host)) return false;
    const h = host.toLowerCase().replace(/\.(?=:|$)/, "");
    const name = h.replace(/:\d+$/, "");
    return entries.some((e) => e === h || e === name);
  };
}

/** The port, and the IPv6 brackets or a trailing root dot, cut: what names the host. */
const hostName = (host: string) =>
  host
    .toLowerCase()
    .replace(/:\d+$/, "")
    .replace(/^\[(.*)\]$/, "$1")
    .replace(/\.$/, "");

const IPV4 = /^(?:\d{1,3}\.){3}\d{1,3}$/;

/**
 * The default when the app names no hosts and has no `authorize`: `localhost`, any
 * `*.localhost` (RFC 6761 keeps them on this machine) and IP literals. Not any other name,
 * since that is what a DNS-rebinding page sends. A missing Host counts as the request URL's.
 */
export function loopbackOrIpHost(host: string | null): boolean {
  if (host === null || !validHost(host)) return false;
  const name = hostName(host);
  return name === "localhost" || name.endsWith(".localhost") || (IPV4.test(name) && name.split(".").every((n) => Number(n) <= 255)) || host.startsWith("[");
}
