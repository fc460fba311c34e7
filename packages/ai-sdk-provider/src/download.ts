// Output downloads. The URLs come from API responses, so they are checked before any request:
// https to a public host, or the API's own origin; plain http or a loopback host only when the
// API itself is on loopback (a local mock). Redirects are followed by hand and checked hop by
// hop, the size is capped while reading, and neither the API key nor the provider's headers go
// with the request.
import { AISDKError } from "@ai-sdk/provider";

const MAX_REDIRECTS = 5;

/** An output could not be downloaded, or its URL was refused before any request. */
export class MonetDownloadError extends AISDKError {
  readonly url: string;
  constructor(url: string, message: string, cause?: unknown) {
    super({ name: "MonetDownloadError", message, cause });
    this.url = url;
  }
}

export interface DownloadPolicy {
  /** The API's base URL: its origin is trusted, and a loopback base allows loopback outputs. */
  base: string;
  maxBytes: number;
  fetch: typeof fetch;
}

/** Scheme, host and path only: output URLs may be signed, and the query may hold the signature. */
const shown = (u: URL) => `${u.protocol}//${u.host}${u.pathname}`;

function ipv4(host: string): number[] | undefined {
  const parts = host.split(".");
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && +p < 256)) return undefined;
  return parts.map(Number);
}

function isLoopback(host: string): boolean {
  const h = host.toLowerCase().replace(/\.+$/, "");
  if (h === "localhost" || h.endsWith(".localhost") || h === "[::1]") return true;
  const v4 = ipv4(h) ?? ipv4(/^\[::ffff:([\d.]+)\]$/.exec(h)?.[1] ?? "");
  return v4 !== undefined && v4[0] === 127;
}

/** Loopback, private, link-local and unspecified addresses, and names for local networks. */
function isPrivate(host: string): boolean {
  const h = host.toLowerCase().replace(/\.+$/, "");
  if (isLoopback(h) || h.endsWith(".local") || h.endsWith(".internal") || h === "") return true;
  if (h.startsWith("[")) {
    const v6 = h.slice(1, -1);
    // IPv4-mapped (::ffff:a.b.c.d, or its hex form), unique-local fc00::/7, link-local fe80::/10, unspecified.
    return v6 === "::" || v6.startsWith("::ffff:") || /^f[cd]/.test(v6) || /^fe[89ab]/.test(v6);
  }
  const v4 = ipv4(h);
  if (!v4) return false;
  const [a, b] = v4;
  return (
    a === 0 ||
    a === 10 ||
    a === 127 ||
    (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 100 && b >= 64 && b <= 127)
  );
}

/** The URL, if the policy allows fetching it; a `MonetDownloadError` before any request if not. */
export function checkOutputUrl(raw: string, baseUrl: string): URL {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new MonetDownloadError(raw, `Refused to download an output: ${JSON.stringify(raw.slice(0, 80))} is not a URL`);
  }
  const base = new URL(baseUrl);
  if (u.username || u.password) throw new MonetDownloadError(raw, `Refused to download ${shown(u)}: credentials in an output URL`);
  if (u.origin === base.origin) return u;
  if (u.protocol === "https:" && !isPrivate(u.hostname)) return u;
  if ((u.protocol === "http:" || u.protocol === "https:") && isLoopback(u.hostname) && isLoopback(base.hostname)) return u;
  throw new MonetDownloadError(
    raw,
    `Refused to download ${u.protocol === "http:" || u.protocol === "https:" ? shown(u) : `a ${u.protocol} URL`}: outputs are fetched over https from public hosts, or from the API's own origin (${base.origin})`,
  );
}

async function readCapped(res: Response, url: URL, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(res.headers.get("content-length"));
  if (declared > maxBytes) {
    await res.body?.cancel().catch(() => {});
    throw new MonetDownloadError(url.href, `Refused to download ${shown(url)}: ${declared} bytes is over the limit of ${maxBytes} (maxDownloadBytes)`);
  }
  const reader = res.body?.getReader();
  if (!reader) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      throw new MonetDownloadError(url.href, `Stopped downloading ${shown(url)}: more than the limit of ${maxBytes} bytes (maxDownloadBytes)`);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/** The output's bytes and media type (from the response, without parameters). */
export async function download(raw: string, policy: DownloadPolicy, signal?: AbortSignal): Promise<{ data: Uint8Array; mediaType: string | undefined }> {
  let url = checkOutputUrl(raw, policy.base);
  for (let hop = 0; ; hop++) {
    // No headers of ours: the key and the provider's headers are for the API, not for file hosts.
    const res = await policy.fetch(url.href, { redirect: "manual", signal });
    const location = res.headers.get("location");
    if (res.status >= 300 && res.status < 400 && location) {
      await res.body?.cancel().catch(() => {});
      if (hop >= MAX_REDIRECTS) throw new MonetDownloadError(raw, `Stopped downloading ${shown(url)}: more than ${MAX_REDIRECTS} redirects`);
      url = checkOutputUrl(new URL(location, url).href, policy.base);
      continue;
    }
    if (res.type === "opaqueredirect") throw new MonetDownloadError(raw, `Cannot follow the redirect of ${shown(url)} here (the runtime hides its target)`);
    if (!res.ok) {
      await res.body?.cancel().catch(() => {});
      throw new MonetDownloadError(raw, `Downloading ${shown(url)} failed: HTTP ${res.status}`);
    }
    const data = await readCapped(res, url, policy.maxBytes);
    return { data, mediaType: res.headers.get("content-type")?.split(";")[0].trim().toLowerCase() || undefined };
  }
}
