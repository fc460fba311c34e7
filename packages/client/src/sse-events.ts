// The events of a server-sent event stream, each parsed like every answer (the key taken out), for
// `tasks.stream` and for `request` on a streaming operation. It ends when the stream ends; it
// throws `IDLE` when no byte comes for `idleMs`, and `TOO_LARGE` when an event grows past the size
// limit (sse-lines.ts): no event of the API is that large, so the server broke its contract, and a
// caller that took it for an end reported success. It releases the connection however it ends.
import { createParser } from "eventsource-parser";
import type { Transport } from "./core.js";
import { APIError, timerFor } from "./runtime.js";
import { sseLines } from "./sse-lines.js";

export const IDLE = Symbol("idle");
export const TOO_LARGE = Symbol("too large");

/** `read`, or IDLE once `ms` pass without it (Infinity: no limit). */
export function readWithin<T>(read: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const idle = new Promise<never>((_, reject) => {
    timer = timerFor(() => reject(IDLE), ms); // unref'd: the read it bounds keeps the process alive
  });
  return Promise.race([read, idle]).finally(() => clearTimeout(timer));
}

/** Whether an answer is an event stream. */
export const isEventStream = (res: Response) => /^text\/event-stream/i.test(res.headers.get("content-type") ?? "");

/** The error for an answer to `where` that is not an event stream, naming its type (as the server sent it, key removed). */
export const notAStream = (transport: Transport, res: Response, where: string) =>
  new APIError(
    `Expected an event stream from ${where}, got ${transport.cfg.redact((res.headers.get("content-type") || "no content type").slice(0, 100))} (HTTP ${res.status})`,
    {
      status: res.status,
    },
  );

export async function* sseEvents(transport: Transport, res: Response & { release(): void }, idleMs = 60_000): AsyncGenerator<object> {
  const queue: object[] = [];
  const parser = createParser({
    onEvent: (m) => {
      // An event past the size limit is not read: the push that ended it says so (TOO_LARGE below).
      if (!lines.ended()) return;
      // A torn or foreign event is skipped.
      const ev = transport.parse(m.data);
      if (ev && typeof ev === "object") queue.push(ev);
    },
  });
  const lines = sseLines((text) => parser.feed(text));
  if (!res.body) {
    // No body: a stream that ended before its first event, which holds nothing but the listener.
    res.release();
    return;
  }
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  try {
    for (;;) {
      const chunk = await readWithin(reader.read(), idleMs);
      if (chunk.done) return;
      const withinLimit = lines.push(decoder.decode(chunk.value, { stream: true }));
      for (const ev of queue.splice(0)) yield ev;
      // Past the event size limit the stream is dropped.
      if (!withinLimit) throw TOO_LARGE;
    }
  } finally {
    reader.cancel().catch(() => {});
    res.release();
  }
}
