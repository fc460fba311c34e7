// A request body as fetch reads it: how much of it went upstream, and whether all of it did.
// The upstream's answer time is counted from its end, and a connection Monet closed while the
// body was still going out is told apart from one that never opened. It is also where the
// uploader's own pace is bounded: a body that stalls or outgrows the limit is stopped here, so a
// client trickling one byte at a time cannot hold an upstream connection and a slot for ever.

export interface UploadProgress {
  /** Bytes fetch has taken from the body. */
  sent: number;
  /** The body's last byte was taken. */
  ended: boolean;
  /** Why the proxy stopped reading the body: it sent nothing for `idleMs`, or more than `maxBytes`. */
  stopped?: "idle" | "too_large";
}

export interface UploadLimits {
  /** Longest wait for the body's next bytes while fetch asks for them (0: none). */
  idleMs: number;
  /** Largest body (Infinity: none). */
  maxBytes: number;
}

const NO_LIMITS: UploadLimits = { idleMs: 0, maxBytes: Infinity };
const IDLE = Symbol("idle");

/** `body` passed through as fetch pulls it (nothing read ahead); `onEnd` when its last byte is taken. */
export function watchUpload(
  body: ReadableStream<Uint8Array>,
  onEnd: () => void,
  limits: UploadLimits = NO_LIMITS,
): { body: ReadableStream<Uint8Array>; progress: UploadProgress } {
  const progress: UploadProgress = { sent: 0, ended: false };
  const reader = body.getReader();
  // Stopping errors the stream fetch reads, so fetch gives up on Monet. The browser's stream is
  // left as it is (cancelling it would close its socket under Node before the answer is written).
  const stop = (controller: ReadableStreamDefaultController<Uint8Array>, why: "idle" | "too_large") => {
    progress.stopped = why;
    controller.error(new Error(why === "idle" ? "the request body stalled" : "the request body is too large"));
  };
  const watched = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        // Only while fetch waits for bytes: a Monet slow to take them is not the uploader's idleness.
        let timer: ReturnType<typeof setTimeout> | undefined;
        const idle = limits.idleMs ? new Promise<typeof IDLE>((r) => (timer = setTimeout(() => r(IDLE), limits.idleMs))) : undefined;
        const chunk = await (idle ? Promise.race([reader.read(), idle]) : reader.read()).finally(() => clearTimeout(timer));
        if (chunk === IDLE) return stop(controller, "idle");
        if (chunk.done) {
          progress.ended = true;
          onEnd();
          return controller.close();
        }
        if (progress.sent + chunk.value.byteLength > limits.maxBytes) return stop(controller, "too_large");
        progress.sent += chunk.value.byteLength;
        controller.enqueue(chunk.value);
      },
      cancel: (reason) => reader.cancel(reason),
    },
    { highWaterMark: 0 },
  );
  return { body: watched, progress };
}
