// Writing responses: JSON bodies, the spec's Error body, CORS headers.
import type { ServerResponse } from "node:http";

/** The API's CORS: any local frontend may call it with a key (no cookies are involved). Only methods that exist. */
export const CORS_HEADERS = {
  "access-control-allow-origin": "*",
  "access-control-allow-methods": "GET, POST, OPTIONS",
  "access-control-allow-headers": "authorization, content-type, accept, cache-control, last-event-id, x-requested-with",
  "access-control-expose-headers": "x-request-id, retry-after, retry-after-ms, content-length",
  "access-control-max-age": "600",
};

let reqSeq = 0;
export const nextRequestId = () => `req_${(++reqSeq).toString(36).padStart(6, "0")}`;

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = CORS_HEADERS) {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...headers, "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

export interface ErrorExtra {
  details?: { field: string; message: string }[];
  /** Headers beside the content type: by default the API's CORS headers. */
  headers?: Record<string, string>;
}

export function sendError(res: ServerResponse, status: number, code: string, message: string, extra: ErrorExtra = {}) {
  const requestId = res.getHeader("x-request-id") as string;
  sendJson(
    res,
    status,
    { error: { code, message, request_id: requestId, ...(extra.details ? { details: extra.details } : {}) } },
    extra.headers ?? CORS_HEADERS,
  );
}
