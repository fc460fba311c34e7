// A request body as fetch reads it: how much of it went upstream, and whether all of it did.
// The upstream's answer time is counted from its end, and a connection Monet closed while the
// body was still going out is told apart from one that never opened.

export interface UploadProgress {
  /** Bytes fetch has taken from the body. */
  sent: number;
  /** The body's last byte was taken. */
  ended: boolean;
}

/** `body` passed through as fetch pulls it (nothing read ahead); `onEnd` when its last byte is taken. */
export function watchUpload(body: ReadableStream<Uint8Array>, onEnd: () => void): { body: ReadableStream<Uint8Array>; progress: UploadProgress } {
  const progress: UploadProgress = { sent: 0, ended: false };
  const reader = body.getReader();
  const watched = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const chunk = await reader.read();
        if (chunk.done) {
          progress.ended = true;
          onEnd();
          return controller.close();
        }
        progress.sent += chunk.value.byteLength;
        controller.enqueue(chunk.value);
      },
      cancel: (reason) => reader.cancel(reason),
    },
    { highWaterMark: 0 },
  );
  return { body: watched, progress };
}
