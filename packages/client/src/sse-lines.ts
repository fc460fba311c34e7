// What reaches the SSE parser: whole lines only, and at most MAX_EVENT characters per event.
// The parser re-reads its unfinished line on every chunk, so a server that never sends a newline
// would cost time growing with the square of what it sends; held here in pieces, joined once
// when the line ends, every character is handled a fixed number of times.

/** The most characters one event may span (1 Mi); a task event is a few kB. */
export const MAX_EVENT = 1 << 20;

export interface Lines {
  /** Takes decoded text; false once the current event has grown past `max`. */
  push(text: string): boolean;
  /** Called when the parser dispatches an event: the next one starts from zero. */
  ended(): void;
}

export function sseLines(feed: (text: string) => void, max = MAX_EVENT): Lines {
  let held: string[] = [];
  let size = 0;
  return {
    push(text) {
      const end = Math.max(text.lastIndexOf("\n"), text.lastIndexOf("\r"));
      if (end < 0) {
        held.push(text);
        size += text.length;
      } else {
        size += end + 1;
        const line = held.join("") + text.slice(0, end + 1);
        held = [text.slice(end + 1)];
        feed(line);
        size += held[0].length;
      }
      return size <= max;
    },
    ended() {
      size = 0;
    },
  };
}
