// The SSE event cap at its edge (README: an event may span at most 1 Mi characters): an event of
// exactly 1 Mi characters, its blank line included, is taken; one character more is dropped;
// each event starts counting from zero, however the text is cut. And a line end that arrives in
// a piece of its own is handed on at once, not held until more text comes.
import { createParser } from "eventsource-parser";
import { expect, test } from "vitest";
import { MAX_EVENT, sseLines } from "../src/sse-lines.js";

const Mi = 2 ** 20;

/** A parser behind sseLines, as the client wires it: an event is taken only if `ended()` says it fit. */
function wired() {
  const taken: number[] = [];
  let dropped = 0;
  const parser = createParser({ onEvent: (m) => void (l.ended() ? taken.push(m.data.length) : dropped++) });
  const l = sseLines((t) => parser.feed(t));
  return { l, taken, dropped: () => dropped };
}

/** An event of `n` characters in all: `data: `, its text, and the two line ends. */
const event = (n: number) => `data: ${"x".repeat(n - 8)}\n\n`;

test("the cap is the README's 1 Mi characters", () => {
  expect(MAX_EVENT).toBe(Mi);
});

for (const [how, cut] of [
  ["whole", (s: string) => [s]],
  ["in pieces of 4 kB", (s: string) => Array.from({ length: Math.ceil(s.length / 4096) }, (_, i) => s.slice(i * 4096, (i + 1) * 4096))],
  ["with its last line end alone", (s: string) => [s.slice(0, -1), s.slice(-1)]],
] as const) {
  test(`an event of exactly 1 Mi characters is taken, one more is dropped, each counted from zero (${how})`, () => {
    const w = wired();
    const results: boolean[] = [];
    for (const n of [Mi, Mi, Mi + 1, Mi, 10]) for (const piece of cut(event(n))) results.push(w.l.push(piece));
    expect(w.taken).toEqual([Mi - 8, Mi - 8, Mi - 8, 2]);
    expect(w.dropped()).toBe(1);
    // push says false only while the event past the cap is under way.
    expect(results.at(-1)).toBe(true);
  });
}

test("a line end arriving alone is handed to the parser at once: the event it ends is dispatched before more text comes", () => {
  const w = wired();
  w.l.push("data: first\n");
  expect(w.taken).toEqual([]);
  w.l.push("\n");
  expect(w.taken).toEqual([5]);
  w.l.push("data: second\n");
  w.l.push("\n");
  expect(w.taken).toEqual([5, 6]);
});
