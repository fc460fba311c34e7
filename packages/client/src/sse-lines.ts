// What reaches the SSE parser: whole lines only, and at most MAX_EVENT characters per event.
// The parser re-reads its unfinished line on every chunk, so a server that never sends a newline
// would cost time growing with the square of what it sends; held here in pieces, joined once
// when the line ends, every character is handled a fixed number of times.
// Each whole line is fed alone, so an event's size is known when the parser dispatches it: fed as
// one piece, an event that crossed the limit in the chunk that also ended it was dispatched with
// the count already reset, and taken as any other.

/** The most characters one event may span (1 Mi); a task event is a few kB. */
export const MAX_EVENT = 1 << 20;

export interface Lines {
  /** Takes decoded text; false once the current event has grown past `max`, or one it ended was past it. */
  push(text: string): boolean;
  /** Called when the parser dispatches an event: false if it was past `max` (to be dropped, not read); the next one starts from zero. */
  ended(): boolean;
}

export function sseLines(feed: (text: string) => void, max = MAX_EVENT): Lines {
  let held: string[] = [];
  // The current event's characters so far: those fed and those held.
  let size = 0;
  // An event past `max` was dispatched during this push.
  let over = false;
  return {
    push(text) {
      over = false;
      const end = Math.max(text.lastIndexOf("\n"), text.lastIndexOf("\r"));
      if (end < 0) {
        held.push(text);
        size += text.length;
      } else {
        const whole = held.join("") + text.slice(0, end + 1);
        held = [text.slice(end + 1)];
        // The held part is counted already; each line is counted as it is fed.
        size -= whole.length - end - 1;
        for (const line of whole.match(/[^\r\n]*(?:\r\n|\r|\n)/g) as string[]) {
          size += line.length;
          feed(line);
        }
        size += held[0].length;
      }
      return size <= max && !over;
    },
    ended() {
      const within = size <= max;
      over ||= !within;
      size = 0;
      return within;
    },
  };
}
