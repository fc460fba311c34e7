// The one rule for which output URLs are fetched (saveOutput, outputs(), the CLI, the pipeline, the
// AI SDK provider). Output URLs come from API responses, so a lying server picks them: without
// this rule it could make the user's machine fetch its own services or its network's (SSRF).
// Allowed: (1) a listed origin (the API's base URL), (2) https: to a public host, (3) http: or
// https: on a loopback or private host only when a listed origin is itself local (a mock), and
// never a link-local one (cloud metadata) unless listed.

import { MonetError } from "@monet-ai/models/errors";
import { isBrowser } from "./browser.js";
import { env } from "./env.js";

/**
 * Why an output was not fetched: `code` is `unsafe_url`, `too_large`, `too_many`, `too_slow`
 * (fewer than `stallMinBytes` arrived in a `stallTimeout`) or `download_failed` (`file_exists`
 * when saving).
 */
export class OutputError extends MonetError {
  /** For `too_large` before reading: the size the file declared, so a caller can offer a cap that fits. */
  declaredBytes?: number;
  /** For `too_slow`: the bytes that arrived in the `stallTimeout` it gave up after. */
  receivedBytes?: number;
}
OutputError.prototype.name = "OutputError";

/** Makes the error a refusal throws: `saveOutput` passes its own subclass. */
export const refuseAs = (E: typeof OutputError) => (code: string, message: string, cause?: unknown) => new E(message, { code, cause });

/** A URL for a message: scheme, host and path only (the query may hold a signature), bounded. */
export function shown(url: string | URL): string {
  let u: URL;
  try {
    u = new URL(String(url));
  } catch {
    return JSON.stringify(String(url).split(/[?#]/)[0].slice(0, 80));
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") return `a ${u.protocol} URL`;
  const s = `${u.protocol}//${u.host}${u.pathname}`;
  return s.length > 200 ? `${s.slice(0, 200)}...` : s;
}

function ipv4(host: string): number[] | undefined {
  const parts = host.split(".");
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && +p < 256)) return undefined;
  return parts.map(Number);
}

/** 0/8, 10/8, 100.64/10 (CGNAT), 127/8, 169.254/16 (link-local, cloud metadata), 172.16/12, 192.168/16, 224/3 (multicast, reserved). */
const localV4 = ([a, b]: number[]) =>
  a === 0 ||
  a === 10 ||
  a === 127 ||
  a >= 224 ||
  (a === 100 && b >= 64 && b <= 127) ||
  (a === 169 && b === 254) ||
  (a === 172 && b >= 16 && b <= 31) ||
  (a === 192 && b === 168);

/** The eight groups of a bracketed IPv6 hostname, `::` expanded (and a dotted IPv4 tail read), or undefined. */
function ipv6(host: string): number[] | undefined {
  let v6 = /^\[([\da-f:.]+)\]$/.exec(host)?.[1] ?? "";
  const tail = /:([\d.]+\.\d+)$/.exec(v6);
  if (tail) {
    const v4 = ipv4(tail[1]);
    if (!v4) return undefined;
    v6 = `${v6.slice(0, -tail[1].length)}${((v4[0] << 8) | v4[1]).toString(16)}:${((v4[2] << 8) | v4[3]).toString(16)}`;
  }
  const halves = v6.split("::").map((h) => (h ? h.split(":") : []));
  if (halves.length > 2) return undefined;
  const zeros = 8 - halves.flat().length;
  const groups = halves.length === 2 ? [...halves[0], ...Array(zeros).fill("0"), ...halves[1]] : halves[0];
  return zeros >= 0 && groups.length === 8 && groups.every((g) => /^[\da-f]{1,4}$/.test(g)) ? groups.map((g) => parseInt(g, 16)) : undefined;
}

/**
 * The IPv4 address an IPv6 one carries, which is where a request to it goes: the last 32 bits
 * of ::/64 (IPv4-mapped ::ffff:0:0/96, -compatible ::/96, -translated) and of NAT64 64:ff9b::/32,
 * bits 16-47 of 6to4 (2002::/16).
 */
function embeddedV4(g: number[]): number[] | undefined {
  const bytes = (hi: number, lo: number) => [hi >> 8, hi & 255, lo >> 8, lo & 255];
  if (g[0] === 0x2002) return bytes(g[1], g[2]);
  return !(g[0] | g[1] | g[2] | g[3]) || (g[0] === 0x64 && g[1] === 0xff9b) ? bytes(g[6], g[7]) : undefined;
}

/**
 * Whether a URL's hostname (as `new URL` writes it: IPv4 normalised, IPv6 in brackets) is this
 * machine or a private network: loopback, private, link-local, CGNAT, unspecified and multicast
 * addresses, IPv6 whose first group is 0 (::1, ::, IPv4-mapped and -compatible), unique-local,
 * link-local and multicast IPv6 (fc00::/7 and up), NAT64 (64:ff9b::/32, which embeds any IPv4),
 * 6to4 of a local IPv4, and names that only resolve locally (localhost, .local, .internal,
 * .home.arpa, and one-label names resolved through the search domains).
 */
export function isLocalHost(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/\.+$/, "");
  if (h.startsWith("[")) {
    const g = ipv6(h);
    const v4 = g && embeddedV4(g);
    // Unreadable: local, so refused unless the API itself is local.
    return !g || g[0] === 0 || g[0] >= 0xfc00 || (g[0] === 0x64 && g[1] === 0xff9b) || (!!v4 && localV4(v4));
  }
  const v4 = ipv4(h);
  if (v4) return localV4(v4);
  return !h.includes(".") || /(^|\.)localhost$/.test(h) || /\.(local|internal|home\.arpa)$/.test(h);
}

/**
 * 169.254/16, also inside an IPv6 address (::ffff:169.254.169.254 is 169.254.169.254), and
 * fe80::/10: never an output host, even against a local mock (cloud metadata answers there).
 */
function isLinkLocal(hostname: string): boolean {
  const h = hostname.toLowerCase();
  const g = ipv6(h);
  const v4 = g ? embeddedV4(g) : ipv4(h.replace(/\.+$/, ""));
  return (h.startsWith("[") && (!g || g[0] >> 6 === 0xfe80 >> 6)) || (v4?.[0] === 169 && v4[1] === 254);
}

/** Whether a URL (a base URL, say) is on this machine or a private network: where a mock runs. */
export function isLocalUrl(url: string): boolean {
  const u = urlOf(url);
  return !!u && isLocalHost(u.hostname);
}

function urlOf(s: string): URL | undefined {
  try {
    // In a page, a path base (a proxy such as /api/monet) is on the page's origin.
    return new URL(s, (globalThis as { location?: { href: string } }).location?.href);
  } catch {
    return undefined;
  }
}

// A page has no environment variables and no CLI: its fix is the option alone.
const fix = () => `list the API's base URL: allowOrigins: [monet.baseUrl]${isBrowser() ? "" : " (the CLI: --base-url or MONET_BASE_URL)"}`;

/**
 * The URL, if the rule allows fetching it; else the caller's error (code `unsafe_url`) before
 * any request. `allowOrigins` are the API's base URLs (any path is ignored); when it is empty the
 * client's default base (MONET_BASE_URL, else the default API) stands in. `named` is what its
 * refusal calls it instead of showing it.
 */
export function checkOutputUrl(url: string, allowOrigins: readonly string[] = [], E: typeof OutputError = OutputError, named?: string): URL {
  const refuse = refuseAs(E);
  let u: URL;
  try {
    u = new URL(String(url));
  } catch {
    throw refuse("unsafe_url", `refused ${named ?? shown(url)}: not an absolute URL`);
  }
  // A URL no API answer brought (a redirect's) was never stripped of the key: it is named, not shown.
  const name = named ?? shown(u);
  if (u.username || u.password) throw refuse("unsafe_url", `refused ${name}: credentials in an output URL`);
  if (u.protocol !== "http:" && u.protocol !== "https:") throw refuse("unsafe_url", `refused ${name}: only http: and https: outputs are fetched`);
  // Nothing listed: the client's default base stands in. MONET_BASE_URL if set (empty is unset, as
  // in the client); else the default API, which is public https, so listing it would allow nothing
  // rule 2 does not (output-url.test.ts holds the client's default to that).
  const fallback = env("MONET_BASE_URL");
  const listed = (allowOrigins.length ? allowOrigins : fallback ? [fallback] : []).map(urlOf).filter((o) => o !== undefined);
  if (listed.some((o) => o.origin === u.origin)) return u;
  const local = listed.some((o) => isLocalHost(o.hostname));
  const origins = listed.map((o) => o.origin).join(", ") || (isBrowser() ? "none" : "none: MONET_BASE_URL is unset, so the default API");
  if (isLocalHost(u.hostname)) {
    if (isLinkLocal(u.hostname))
      throw refuse("unsafe_url", `refused ${name}: a link-local address (where cloud metadata lives), fetched only from an allowed origin (${origins})`);
    if (local) return u;
    throw refuse(
      "unsafe_url",
      `refused ${name}: a loopback or private host, fetched only when the API itself is local (allowed origins: ${origins}); to work against a local mock, ${fix()}`,
    );
  }
  if (u.protocol === "https:") return u;
  throw refuse("unsafe_url", `refused ${name}: plain http: is fetched only from the API's own origin (allowed origins: ${origins}); ${fix()}`);
}
