// The optional cap on requests to Monet at once. Over it, a request is refused at once (503 with
// Retry-After), never queued: a queue would hold the browser's connection and its upload with
// no bound the browser can see, while the client already retries a 503 after Retry-After.

export interface Slots {
  /** A slot's release (safe to call more than once), or undefined when all are taken. */
  take(): (() => void) | undefined;
}

export function upstreamSlots(cap: number): Slots {
  let used = 0;
  return {
    take() {
      if (used >= cap) return undefined;
      used++;
      let held = true;
      return () => {
        if (held) used--;
        held = false;
      };
    },
  };
}
