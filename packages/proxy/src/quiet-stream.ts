// An answer body with a limit on silence. When Monet sends nothing for the limit (or its
// connection breaks mid-body), the browser must learn the answer ended in error, not see a clean
// end: an event stream first gets the API's own last event, `event: error` (the client then
// polls the task; an EventSource page gets an "error" event it can read), then the body ends in
// error (a fetch reader's read() rejects; a server adapter ends the response unfinished).
// While Monet is quiet, an event stream also gets a comment line every `keepAliveMs`: a long task
// may sit on one progress value for minutes (the API sends no heartbeat), and a browser, the
// client's own idle limit or a load balancer would otherwise take the silence for a dead stream.
import { seconds } from "./time-limits.js";

export interface QuietLimit {
  /** ms of silence from Monet allowed while the browser is waiting for the next bytes (0: no limit). */
  ms: number;
  /** The body is server-sent events: the error is said as an `error` event first. */
  events: boolean;
  /** ms between keep-alive comments on a quiet event stream (0: none). */
  keepAliveMs?: number;
  /** Called once, however the body ends (done, cut, or cancelled by the browser). */
  onEnd: () => void;
  /** Called when the body is cut (silence, or a broken connection), with why. */
  onCut?: (error: Error) => void;
}

const IDLE = Symbol("idle");
const KEEP_ALIVE = Symbol("keep-alive");
const SHUT_DOWN = Symbol("shut down");

/**
 * Set on an event stream this module made: how to end it when its server shuts down
 * (closeGracefully's deadline): at a line boundary, with the API's `event: error`, then
 * unfinished, as after Monet's silence, so the browser can tell it from a finished stream. Found
 * on the body itself, which the Node adapter holds (the handler's Response carries it unchanged).
 * A registered symbol: the adapter may come from the package's other build (ESM or CommonJS).
 */
const END_ON_SHUTDOWN = Symbol.for("@monet-ai/proxy.endOnShutdown");

/** How to end `body` at a shutdown, if it is an event stream of the proxy's. */
export const endOnShutdown = (body: ReadableStream<Uint8Array>) => (body as { [END_ON_SHUTDOWN]?: () => void })[END_ON_SHUTDOWN];

/** What the browser is told at the shutdown deadline. */
export const SHUTDOWN_MESSAGE = "This server is shutting down: the proxy ended this stream (the task goes on: get it by id).";

/** An SSE comment line: every parser ignores it (no event, no field), and it is a byte on the wire. */
const COMMENT = new TextEncoder().encode(": keep-alive\n");

/** The API's stream error event (StreamErrorEvent), after a blank line that ends any event cut short. */
const errorEvent = (code: string, message: string) =>
  new TextEncoder().encode(`\n\nevent: error\ndata: ${JSON.stringify({ event: "error", error: { code, message } })}\n\n`);

/** A promise that rejects with `reason` after `ms` (never, for 0), and its timer. */
function after(ms: number, reason: symbol): [Promise<never>, ReturnType<typeof setTimeout> | undefined] {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const p = new Promise<never>((_, reject) => {
    if (ms > 0) timer = setTimeout(() => reject(reason), ms);
  });
  return [p, timer];
}

export function quietLimit(body: ReadableStream<Uint8Array>, { ms, events, keepAliveMs = 0, onEnd, onCut }: QuietLimit): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  let ended = false;
  const end = () => {
    if (!ended) onEnd();
    ended = true;
  };
  // Set once the error event went out: the next read gets the error itself.
  let failure: Error | undefined;
  // The read of Monet's body under way, kept across a keep-alive (a second read would skip a chunk).
  let pending: Promise<ReadableStreamReadResult<Uint8Array>> | undefined;
  // When Monet's current silence began (the read under way was asked for).
  let quietSince = 0;
  // A comment may go out only between lines: one inside a line would change that line.
  let atLineStart = true;
  const heartbeat = events ? keepAliveMs : 0;
  // Some of Monet's bytes went out (the first event names the task): the client can poll it.
  let named = false;
  let shutDown = () => {};
  const closing = new Promise<never>((_, reject) => (shutDown = () => reject(SHUT_DOWN)));
  closing.catch(() => {});
  const stream = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (failure) {
          end();
          return controller.error(failure);
        }
        if (!pending) {
          pending = reader.read();
          quietSince = Date.now();
        }
        const read = pending;
        // Until something is passed on: a pull that enqueues nothing is not called again.
        for (;;) {
          // Only while the browser waits: a browser that stops reading holds the stream, not Monet.
          const [quiet, idleTimer] = after(ms && Math.max(1, ms - (Date.now() - quietSince)), IDLE);
          const [beat, beatTimer] = after(heartbeat, KEEP_ALIVE);
          quiet.catch(() => {});
          beat.catch(() => {});
          try {
            // The shutdown first: a read already settled must not win over it.
            const chunk = await Promise.race([closing, read, quiet, beat]);
            pending = undefined;
            if (chunk.done) {
              end();
              return controller.close();
            }
            if (chunk.value.length) {
              named = true;
              const last = chunk.value[chunk.value.length - 1];
              atLineStart = last === 0x0a || last === 0x0d;
            }
            return controller.enqueue(chunk.value);
          } catch (e) {
            if (e === KEEP_ALIVE) {
              // Mid-line (Monet's last chunk cut a line), the next beat tries again.
              if (atLineStart) return controller.enqueue(COMMENT);
              continue;
            }
            pending = undefined;
            void reader.cancel().catch(() => {});
            if (e === SHUT_DOWN) {
              failure = new Error(SHUTDOWN_MESSAGE);
              // Mid-line the event would finish that line as another; before any event the client
              // knows no task and would take the error for the create's: a plain cut, which it
              // retries with the same idempotency key.
              if (events && atLineStart && named) return controller.enqueue(errorEvent("service_unavailable", SHUTDOWN_MESSAGE));
              end();
              return controller.error(failure);
            }
            const [code, message] =
              e === IDLE
                ? ["gateway_timeout", `Monet sent nothing for ${seconds(ms)}: the proxy ended this answer (a task may still be running: get it by id).`]
                : ["bad_gateway", "The connection to Monet broke during this answer (a task may still be running: get it by id)."];
            failure = new Error(message, { cause: e === IDLE ? undefined : e });
            onCut?.(failure);
            if (events) return controller.enqueue(errorEvent(code, message));
            end();
            return controller.error(failure);
          } finally {
            clearTimeout(idleTimer);
            clearTimeout(beatTimer);
          }
        }
      },
      cancel(reason) {
        end();
        return reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
  if (events) Object.defineProperty(stream, END_ON_SHUTDOWN, { value: () => shutDown() });
  return stream;
}
