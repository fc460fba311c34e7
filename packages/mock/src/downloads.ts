// How uploads and outputs are served. Their URLs are capabilities (unguessable ids), readable
// from any origin like a CDN's. An upload must never run as a page on the mock's origin (where it
// could call the control API): no sniffing, a sandbox, and a download (attachment) unless it
// is an image, video or audio a page may show inline. SVG is an image that can hold script: it
// is downloaded too.
import type { StoredFile } from "./files.js";

export const CONTENT_CORS = {
  "access-control-allow-origin": "*",
  "access-control-expose-headers": "content-length, content-disposition, content-range, accept-ranges, x-request-id",
};

const INLINE = /^(image|video|audio)\/[\w.+-]+$/;

/** The media type an upload is stored under: its `type/subtype` essence, or application/octet-stream. */
export function safeContentType(type: string): string {
  const essence = type.split(";")[0].trim().toLowerCase();
  return /^[a-z0-9][\w!#$&^.+-]*\/[a-z0-9][\w!#$&^.+-]*$/.test(essence) ? essence : "application/octet-stream";
}

export function isInlineMedia(type: string): boolean {
  return INLINE.test(type) && !type.includes("xml");
}

/** Content-Disposition with an ASCII fallback name and the exact name in RFC 5987 form. */
export function disposition(kind: "inline" | "attachment", filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]|["\\%]/g, "_");
  const exact = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${exact}`;
}

export function fileHeaders(f: StoredFile, expiresAt: number, now = Date.now()): Record<string, string | number> {
  const inline = isInlineMedia(f.contentType);
  return {
    ...CONTENT_CORS,
    "content-type": f.contentType,
    "content-length": f.bytes.byteLength,
    "accept-ranges": "bytes",
    "content-disposition": disposition(inline ? "inline" : "attachment", f.filename),
    "x-content-type-options": "nosniff",
    "content-security-policy": "sandbox",
    "cache-control": `private, max-age=${Math.max(0, Math.floor((expiresAt - now) / 1000))}`,
  };
}
