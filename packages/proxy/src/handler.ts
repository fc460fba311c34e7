// A standard (Request) => Response handler that lets a browser call Monet without ever holding
// the key: it forwards exactly the API's operations, adds the key from the server, and streams
// uploads and server-sent events through unbuffered.
import { routes } from "./generated/routes.gen.js";

export interface ProxyOptions {
  /** Default: the MONET_API_KEY environment variable of the server. */
  apiKey?: string;
  /** Where Monet is (default https://monet.vision; a mock's URL in development). */
  baseUrl?: string;
  /**
   * Your own auth and limits, run before anything is forwarded: return false (403) or a Response
   * of your own to refuse; a refused call never reaches Monet.
   */
  authorize?: (request: Request) => boolean | Response | Promise<boolean | Response>;
  fetch?: typeof fetch;
}

// The operations of the spec, as matchers; nothing else is forwarded.
const ALLOWED = Object.values(routes).map((r) => ({ method: r.method as string, re: new RegExp(`^${r.path.replace(/\{[^}]+\}/g, "[^/]+")}$`) }));
// Request headers worth passing on; cookies and the browser's own Authorization never are.
const FORWARD = ["content-type", "accept", "content-length", "last-event-id"];
const json = (status: number, code: string, message: string) =>
  new Response(JSON.stringify({ error: { code, message } }), { status, headers: { "content-type": "application/json" } });
const env = (name: string) => (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.[name];

export function createMonetProxy(options: ProxyOptions = {}): (request: Request) => Promise<Response> {
  const key = options.apiKey ?? env("MONET_API_KEY");
  if (!key) throw new Error("Missing API key for the Monet proxy: set MONET_API_KEY on the server, or pass { apiKey }.");
  const base = (options.baseUrl ?? env("MONET_BASE_URL") ?? "https://monet.vision").replace(/\/+$/, "");
  const doFetch = options.fetch ?? ((...a: Parameters<typeof fetch>) => globalThis.fetch(...a));

  return async (request) => {
    const url = new URL(request.url);
    // Mounted under any prefix (/api/monet/...): the API path starts at /api/v1/.
    const at = url.pathname.indexOf("/api/v1/");
    const path = at < 0 ? url.pathname : url.pathname.slice(at);
    const matches = ALLOWED.filter((r) => r.re.test(path));
    if (!matches.length) return json(404, "not_found", `Not a Monet API operation: ${path}`);
    if (!matches.some((r) => r.method === request.method)) return json(405, "method_not_allowed", `${request.method} is not allowed on ${path}`);
    if (options.authorize) {
      const verdict = await options.authorize(request);
      if (verdict instanceof Response) return verdict;
      if (!verdict) return json(403, "forbidden", "Not allowed by this server.");
    }
    const headers = new Headers();
    for (const h of FORWARD) {
      const v = request.headers.get(h);
      if (v !== null) headers.set(h, v);
    }
    headers.set("authorization", `Bearer ${key}`);
    const hasBody = request.method !== "GET" && request.method !== "HEAD";
    const upstream = await doFetch(`${base}${path}${url.search}`, {
      method: request.method,
      headers,
      body: hasBody ? request.body : undefined,
      signal: request.signal,
      redirect: "manual",
      ...(hasBody ? { duplex: "half" } : {}),
    } as RequestInit);
    const out = new Headers();
    upstream.headers.forEach((v, h) => {
      // Hop-by-hop headers, cookies, and anything that could carry the key stay on this side.
      if (["set-cookie", "connection", "keep-alive", "transfer-encoding", "content-encoding", "content-length"].includes(h) || v.includes(key)) return;
      out.set(h, v);
    });
    return new Response(upstream.body, { status: upstream.status, statusText: upstream.statusText, headers: out });
  };
}
