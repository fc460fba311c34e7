// Cross-origin calls are refused unless the app lists the origin: a page on another site must
// not be able to spend the server's credits with a simple (unpreflighted) request such as a
// multipart upload.

import { VARY } from "./caching.js";
import { responseHeaders } from "./generated/headers.gen.js";

export interface CorsOptions {
  /** Origins allowed to call the proxy from another origin: exact origins, or a predicate. */
  origin: string | readonly string[] | ((origin: string) => boolean);
  /** Request headers the page may send besides the API's own (e.g. one your `authorize` reads). */
  allowHeaders?: readonly string[];
  /** Let the page send cookies (Access-Control-Allow-Credentials). Default false. */
  credentials?: boolean;
  /** How long a browser may cache a preflight, in seconds. Default 600. */
  maxAge?: number;
}

/** The request headers the proxy passes on to Monet (the browser's Authorization and cookies never). */
export const FORWARDED_REQUEST_HEADERS = ["content-type", "accept", "content-length", "last-event-id"];

/**
 * Distributed-tracing headers a monitoring SDK adds to every fetch of a page (W3C Trace Context,
 * W3C Baggage, Sentry): allowed in a preflight, or the SDK alone turns each call into "Failed to
 * fetch", though the same page works against the mock (whose CORS allows any header). They stop
 * at the proxy: the app's own server tracing may read them from the request; Monet never sees them.
 */
export const TRACING_HEADERS = ["traceparent", "tracestate", "baggage", "sentry-trace"];

/** True when a browser sent this request from another origin (or from an opaque one). */
export function isCrossOrigin(request: Request, url: URL): boolean {
  const site = request.headers.get("sec-fetch-site");
  if (site) return site !== "same-origin" && site !== "none";
  const origin = request.headers.get("origin");
  if (!origin) return false;
  try {
    return new URL(origin).host !== (request.headers.get("host") ?? url.host);
  } catch {
    return true;
  }
}

export function originAllowed(cors: CorsOptions | undefined, origin: string | null): origin is string {
  if (!cors || !origin || origin === "null") return false;
  const o = cors.origin;
  return typeof o === "function" ? o(origin) : typeof o === "string" ? o === origin : o.includes(origin);
}

/** The headers that let an allowed origin read a response. */
export function corsHeaders(cors: CorsOptions, origin: string): Record<string, string> {
  return {
    "access-control-allow-origin": origin,
    "access-control-expose-headers": responseHeaders.join(", "),
    ...(cors.credentials ? { "access-control-allow-credentials": "true" } : {}),
    // All of it: set over the forwarded answer's Vary, which names Cookie and Authorization too.
    vary: VARY,
  };
}

export function preflightHeaders(cors: CorsOptions, origin: string, methods: string[]): Record<string, string> {
  return {
    ...corsHeaders(cors, origin),
    "access-control-allow-methods": methods.join(", "),
    "access-control-allow-headers": [...FORWARDED_REQUEST_HEADERS.filter((h) => h !== "content-length"), ...TRACING_HEADERS, ...(cors.allowHeaders ?? [])].join(
      ", ",
    ),
    "access-control-max-age": String(cors.maxAge ?? 600),
  };
}
