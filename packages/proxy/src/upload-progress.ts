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
  /**
   * Why the proxy stopped the body: the uploader sent nothing for `idleMs` or more than
   * `maxBytes`, or Monet took nothing of it for `sendMs` (`upstream_stalled`).
   */
  stopped?: "idle" | "too_large" | "upstream_stalled";
}

export interface UploadLimits {
  /** Longest wait for the body's next bytes while fetch asks for them (0: none). */
  idleMs: number;
  /** Largest body (Infinity: none). */
  maxBytes: number;
  /** Longest wait for fetch to ask for the next bytes once it took some, i.e. for Monet to read on (0: none). */
  sendMs?: number;
}

const NO_LIMITS: UploadLimits = { idleMs: 0, maxBytes: Infinity };
const IDLE = Symbol("idle");

/** `body` passed through as fetch pulls it (nothing read ahead); `onEnd` when its last byte is taken. */
export function watchUpload(
  body: ReadableStream<Uint8Array>,
  onEnd: () => void,
  limits: UploadLimits = NO_LIMITS,
): { body: ReadableStream<Uint8Array>; progress: UploadProgress; stalled: AbortSignal; answered: () => void } {
  const progress: UploadProgress = { sent: 0, ended: false };
  const reader = body.getReader();
  // Monet's side: fetch asks for the next piece only once the last one went into the socket, so a
  // Monet that stops reading shows as fetch not asking. Aborting the fetch is the only way to stop
  // it then (it is not reading the stream to see an error).
  const stalled = new AbortController();
  let sendTimer: ReturnType<typeof setTimeout> | undefined;
  let answered = false;
  const sendClock = () => {
    if (!limits.sendMs || answered) return;
    sendTimer = setTimeout(() => {
      progress.stopped = "upstream_stalled";
      stalled.abort(new Error("Monet stopped reading the request body"));
    }, limits.sendMs);
  };
  // Stopping errors the stream fetch reads, so fetch gives up on Monet. The browser's stream is
  // left as it is (cancelling it would close its socket under Node before the answer is written).
  const stop = (controller: ReadableStreamDefaultController<Uint8Array>, why: "idle" | "too_large") => {
    progress.stopped = why;
    controller.error(new Error(why === "idle" ? "the request body stalled" : "the request body is too large"));
  };
  const watched = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        clearTimeout(sendTimer);
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
        sendClock();
      },
      // Not once the proxy stopped it: cancelling the browser's stream would close its socket
      // under Node before the proxy's answer is written.
      cancel: (reason) => (progress.stopped ? undefined : reader.cancel(reason)),
    },
    { highWaterMark: 0 },
  );
  // Monet answered (early, while the body was still going out): its pace of reading no longer
  // matters, and the abort would cut the answer.
  const onAnswer = () => {
    answered = true;
    clearTimeout(sendTimer);
  };
  return { body: watched, progress, stalled: stalled.signal, answered: onAnswer };
}
