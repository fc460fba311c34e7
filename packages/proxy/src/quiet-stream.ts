// An answer body with a limit on silence. When Monet sends nothing for the limit (or its
// connection breaks mid-body), the browser must learn the answer ended in error, not see a clean
// end: an event stream first gets the API's own last event, `event: error` (the client then
// polls the task; an EventSource page gets an "error" event it can read), then the body ends in
// error (a fetch reader's read() rejects; a server adapter ends the response unfinished).
import { seconds } from "./time-limits.js";

export interface QuietLimit {
  /** ms of silence allowed while the browser is waiting for the next bytes (0: no limit). */
  ms: number;
  /** The body is server-sent events: the error is said as an `error` event first. */
  events: boolean;
  /** Called once, however the body ends (done, cut, or cancelled by the browser). */
  onEnd: () => void;
  /** Called when the body is cut (silence, or a broken connection), with why. */
  onCut?: (error: Error) => void;
}

const IDLE = Symbol("idle");

/** The API's stream error event (StreamErrorEvent), after a blank line that ends any event cut short. */
const errorEvent = (code: string, message: string) =>
  new TextEncoder().encode(`\n\nevent: error\ndata: ${JSON.stringify({ event: "error", error: { code, message } })}\n\n`);

export function quietLimit(body: ReadableStream<Uint8Array>, { ms, events, onEnd, onCut }: QuietLimit): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  let ended = false;
  const end = () => {
    if (!ended) onEnd();
    ended = true;
  };
  // Set once the error event went out: the next read gets the error itself.
  let failure: Error | undefined;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (failure) {
          end();
          return controller.error(failure);
        }
        // Only while the browser waits: a browser that stops reading holds the stream, not Monet.
        let timer: ReturnType<typeof setTimeout> | undefined;
        const quiet = new Promise<never>((_, reject) => {
          if (ms) timer = setTimeout(() => reject(IDLE), ms);
        });
        try {
          const chunk = await Promise.race([reader.read(), quiet]);
          if (chunk.done) {
            end();
            return controller.close();
          }
          controller.enqueue(chunk.value);
        } catch (e) {
          void reader.cancel().catch(() => {});
          const [code, message] =
            e === IDLE
              ? ["gateway_timeout", `Monet sent nothing for ${seconds(ms)}: the proxy ended this answer (a task may still be running: get it by id).`]
              : ["bad_gateway", "The connection to Monet broke during this answer (a task may still be running: get it by id)."];
          failure = new Error(message, { cause: e === IDLE ? undefined : e });
          onCut?.(failure);
          if (events) return controller.enqueue(errorEvent(code, message));
          end();
          controller.error(failure);
        } finally {
          clearTimeout(timer);
        }
      },
      cancel(reason) {
        end();
        return reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
}
