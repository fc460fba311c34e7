// Reading request bodies with a size limit. The body is kept once: in one buffer of the declared
// size when Content-Length is known (allocated when its first byte arrives, so a connection that
// only announces a size holds nothing; an upload is never copied whole again), else in the
// chunks joined once at the end. Past the limit nothing more is kept, but the rest is still read
// and thrown away before the caller answers 413: closing a socket with unread bytes resets it,
// and the client would see a network error (and retry) instead of the answer.
//
// An upload also counts what actually arrives against a budget shared by all uploads (`take`:
// a chunk the budget has no room for refuses the body, read and dropped like an oversized one),
// and may not sit idle (`idleMs`: no byte for that long ends it), so a client that announces a
// large size and sends nothing holds neither memory nor the budget.
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

/** The shared budget had no room for the next chunk (`take` refused it). */
export class BudgetFull extends Error {
  /** True when the rest was too large to discard: answer with Connection: close. */
  constructor(readonly close = false) {
    super("The bodies being read already hold the whole budget.");
  }
}

/** No byte arrived for `idleMs`: answer 408 and close the connection. */
export class BodyIdle extends Error {
  constructor(readonly idleMs: number) {
    super(`No part of the request body arrived for ${idleMs} ms.`);
  }
}

export interface ReadLimits {
  /** Called with each chunk's size before it is kept: false refuses the body (BudgetFull). */
  take?: (bytes: number) => boolean;
  /** The longest wait for the next byte, in ms; past it the read fails with BodyIdle. */
  idleMs?: number;
}

export function readBody(req: IncomingMessage, limit: number, { take, idleMs }: ReadLimits = {}): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    const settle = (e?: Error, body?: Buffer) => {
      clearTimeout(timer);
      req.off("data", onData).off("end", onEnd).off("data", awake);
      if (e) reject(e);
      else resolve(body as Buffer);
    };
    const awake = () => timer?.refresh();
    if (idleMs !== undefined) {
      timer = setTimeout(() => {
        req.pause();
        settle(new BodyIdle(idleMs));
      }, idleMs);
      req.on("data", awake);
    }
    const header = req.headers["content-length"];
    const declared = header === undefined ? undefined : Number(header);
    req.once("close", () => req.complete || settle(new Error("The client went away before sending the whole body.")));
    req.on("error", (e) => settle(e));
    let whole: Buffer | undefined;
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (c: Buffer) => {
      const over = size + c.length > limit;
      if (over || (take && !take(c.length))) {
        req.off("data", onData).off("end", onEnd);
        chunks.length = 0;
        whole = undefined;
        return discard(req, limit, settle, size + c.length, over ? (close) => new BodyTooLarge(limit, close) : (close) => new BudgetFull(close));
      }
      if (declared !== undefined) {
        whole ??= Buffer.allocUnsafe(declared);
        c.copy(whole, size);
      } else chunks.push(c);
      size += c.length;
    };
    const onEnd = () => settle(undefined, whole ? whole.subarray(0, size) : chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size));
    if (declared !== undefined && declared > limit)
      return discard(req, limit, settle, declared - limit > DISCARD_LIMIT ? Infinity : 0, (close) => new BodyTooLarge(limit, close));
    req.on("data", onData).on("end", onEnd);
  });
}

/** Reads and drops the rest of the body, then fails with `error`: the answer goes out once the client has sent it all. */
function discard(req: IncomingMessage, limit: number, settle: (e: Error) => void, seen: number, error: (close: boolean) => Error) {
  const max = limit + DISCARD_LIMIT;
  if (seen >= max) return settle(error(true));
  let n = seen;
  const onData = (c: Buffer) => {
    n += c.length;
    if (n >= max) {
      req.off("data", onData).off("end", onEnd);
      req.pause();
      settle(error(true));
    }
  };
  const onEnd = () => {
    req.off("data", onData);
    settle(error(false));
  };
  req.on("data", onData).on("end", onEnd);
  req.resume();
}
