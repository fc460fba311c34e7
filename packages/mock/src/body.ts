// Reading request bodies with a size limit. The body is kept once: in one buffer allocated up
// front when Content-Length is known (an upload is never copied whole again), else in the
// chunks joined once at the end. Past the limit nothing more is kept, but the rest is still read
// and thrown away before the caller answers 413: closing a socket with unread bytes resets it,
// and the client would see a network error (and retry) instead of the answer.
import type { IncomingMessage } from "node:http";

/** How much of an oversized body is read and thrown away before the connection is closed instead. */
const DISCARD_LIMIT = 64 * 1024 * 1024;

export class BodyTooLarge extends Error {
  /** True when the body was too large even to discard: answer with Connection: close. */
  constructor(
    readonly limit: number,
    readonly close = false,
  ) {
    super(`The request body is larger than ${limit} bytes.`);
  }
}

export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const header = req.headers["content-length"];
    const declared = header === undefined ? undefined : Number(header);
    req.once("close", () => req.complete || reject(new Error("The client went away before sending the whole body.")));
    if (declared !== undefined && declared > limit) return discard(req, limit, reject, declared - limit > DISCARD_LIMIT ? Infinity : 0);
    const whole = declared !== undefined ? Buffer.allocUnsafe(declared) : undefined;
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (c: Buffer) => {
      if (size + c.length > limit) {
        req.off("data", onData).off("end", onEnd);
        chunks.length = 0;
        return discard(req, limit, reject, size + c.length);
      }
      if (whole) c.copy(whole, size);
      else chunks.push(c);
      size += c.length;
    };
    const onEnd = () => resolve(whole ? whole.subarray(0, size) : chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size));
    req.on("data", onData).on("end", onEnd).on("error", reject);
  });
}

/** Reads and drops the rest of the body, then rejects: the answer goes out once the client has sent it all. */
function discard(req: IncomingMessage, limit: number, reject: (e: Error) => void, seen: number) {
  const max = limit + DISCARD_LIMIT;
  if (seen >= max) return reject(new BodyTooLarge(limit, true));
  let n = seen;
  const onData = (c: Buffer) => {
    n += c.length;
    if (n >= max) {
      req.off("data", onData).off("end", onEnd);
      req.pause();
      reject(new BodyTooLarge(limit, true));
    }
  };
  const onEnd = () => reject(new BodyTooLarge(limit));
  req.on("data", onData).on("end", onEnd).on("error", reject);
  req.resume();
}
