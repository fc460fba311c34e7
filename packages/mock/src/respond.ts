// Writing responses: JSON bodies, the spec's Error body, CORS headers on everything.
import type { IncomingMessage, ServerResponse } from "node:http";

export const CORS_HEADERS = {
  "access-control-allow-origin": "*",
  "access-control-allow-methods": "GET, POST, DELETE, OPTIONS",
  "access-control-allow-headers": "authorization, content-type, accept, cache-control, last-event-id, x-requested-with",
  "access-control-expose-headers": "x-request-id, retry-after, content-length",
  "access-control-max-age": "600",
};

let reqSeq = 0;
export const nextRequestId = () => `req_${(++reqSeq).toString(36).padStart(6, "0")}`;

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...CORS_HEADERS, "content-type": "application/json", "content-length": Buffer.byteLength(text), ...headers });
  res.end(text);
}

export function sendError(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  extra: { details?: { field: string; message: string }[]; headers?: Record<string, string> } = {},
) {
  const requestId = res.getHeader("x-request-id") as string;
  sendJson(res, status, { error: { code, message, request_id: requestId, ...(extra.details ? { details: extra.details } : {}) } }, extra.headers);
}

export function readBody(req: IncomingMessage, limit = 512 * 1024 * 1024): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        reject(Object.assign(new Error("too large"), { status: 413 }));
        req.destroy();
      } else chunks.push(c);
    });
    req.on("end", () => resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}
