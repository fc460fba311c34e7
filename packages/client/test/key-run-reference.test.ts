// The key-run rule (key-run.ts) against a plain reading of it: random keys with repeated
// characters (where the suffix automaton must clone states and follow its links right) and texts
// made of runs of them (any case, `%XX`, `\/`, `\uXXXX`, `&#N;`, `&#xH;`, bytes in hex) and other characters, each read
// by brute force: every run of the key of the rule's length, taken out as far as the key goes, one
// mark a stretch; a key shorter than 12 only whole, as a token. A seeded generator: the same cases
// every run. Mutation testing (s23) found the automaton's construction and the stream's hold-back
// untested: the fixed texts of key-runs.test.ts pass with states linked wrong.
import { expect, test } from "vitest";
import { hideKeyRuns, keyRunScanner } from "../src/key-run.js";

const M = "<M>";

/** A small seeded generator (mulberry32): the same cases every run. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** The text's units as the rule reads them: `%XX`, `\/`, `\uXXXX`, `&#N;` and `&#xH;` are the character they stand for, A-Z are lower case; with where each starts. */
function units(text: string): { codes: number[]; starts: number[] } {
  const codes: number[] = [];
  const starts: number[] = [];
  const forms: [RegExp, (m: RegExpExecArray) => number][] = [
    [/^%([0-9a-f]{2})/i, (m) => Number.parseInt(m[1], 16)],
    [/^\\\//, () => 47],
    [/^\\u([0-9a-f]{4})/i, (m) => Number.parseInt(m[1], 16)],
    [/^&#([0-9]{1,7});/, (m) => Number(m[1])],
    [/^&#x([0-9a-f]{1,6});/i, (m) => Number.parseInt(m[1], 16)],
  ];
  for (let i = 0; i < text.length; ) {
    starts.push(i);
    let c = text.charCodeAt(i);
    let len = 1;
    for (const [re, code] of forms) {
      const m = re.exec(text.slice(i));
      if (m) {
        c = code(m);
        len = m[0].length;
        break;
      }
    }
    i += len;
    codes.push(c >= 65 && c <= 90 ? c + 32 : c);
  }
  starts.push(text.length);
  return { codes, starts };
}

/** A letter or digit of any script: what a short key must not touch (`%BA` is º, a letter). */
const isWord = (c: number | undefined) => c !== undefined && /[\p{L}\p{N}]/u.test(String.fromCharCode(c));

/** The key's bytes in hex (ASCII keys). */
const hexOf = (key: string) => [...key].map((c) => c.charCodeAt(0).toString(16).padStart(2, "0")).join("");

/** The rule, by brute force (ASCII keys): the key's runs, then its hex's in what is left (a key of 12 or more). */
const reference = (text: string, key: string) => (key.length < 12 ? runs(text, key) : runs(runs(text, key), hexOf(key)));

function runs(text: string, key: string): string {
  const k = key.toLowerCase();
  const { codes, starts } = units(text);
  const short = key.length < 12;
  const n = short ? key.length : Math.ceil(Math.max(12, key.length / 2));
  const spans: [number, number][] = [];
  for (let end = 1; end <= codes.length; end++) {
    // The longest run of the key that ends here.
    let run = 0;
    for (let len = Math.min(end, k.length); len > 0 && !run; len--) if (k.includes(String.fromCharCode(...codes.slice(end - len, end)))) run = len;
    if (run < n) continue;
    if (short && (isWord(codes[end - run - 1]) || isWord(codes[end]))) continue;
    spans.push([end - run, end]);
  }
  spans.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const s of spans) {
    const last = merged[merged.length - 1];
    if (last && s[0] <= last[1]) last[1] = Math.max(last[1], s[1]);
    else merged.push([...s]);
  }
  let out = "";
  let at = 0;
  for (const [a, b] of merged) {
    out += text.slice(at, starts[a]) + M;
    at = starts[b];
  }
  return out + text.slice(at);
}

/** A key of `length` over a few characters (so it repeats itself), and a text of runs of it (changed as a server might) and other characters. */
function sample(next: () => number) {
  const pick = <T>(xs: ArrayLike<T>) => xs[Math.floor(next() * xs.length)];
  const alphabet = pick(["ab", "aB_", "ab1/", "xYz_-", "mnop", "abcdefghijklmnopqrstuvwxyz0123456789_"]);
  const length = pick([1, 2, 3, 5, 8, 11, 12, 13, 16, 21, 24, 31, 40]);
  const key = Array.from({ length }, () => pick(alphabet)).join("");
  let text = "";
  for (let pieces = 1 + Math.floor(next() * 5); pieces > 0; pieces--) {
    if (next() < 0.6) {
      const from = Math.floor(next() * key.length);
      const to = from + 1 + Math.floor(next() * (key.length - from));
      for (const c of key.slice(from, to)) {
        const how = next();
        const code = c.charCodeAt(0);
        if (how < 0.1) text += `%${code.toString(16).padStart(2, "0")}`;
        else if (how < 0.15) text += `%${code.toString(16).toUpperCase().padStart(2, "0")}`;
        else if (how < 0.2) text += `\\u${code.toString(16).padStart(4, "0")}`;
        else if (how < 0.25) text += next() < 0.5 ? `&#${code};` : `&#x${code.toString(16)};`;
        else if (how < 0.3) text += code.toString(16);
        else if (how < 0.4) text += next() < 0.5 ? c.toUpperCase() : c.toLowerCase();
        else text += c === "/" && how < 0.7 ? "\\/" : c;
      }
    } else for (let i = Math.floor(next() * 4); i >= 0; i--) text += pick(`${alphabet} .%\\/&#;uQ9{|}~`);
  }
  return { key, text };
}

test("2000 random keys and texts: every run of the key the rule takes, and nothing else, is taken out (as a plain reading of the rule finds them)", () => {
  const next = random(23);
  for (let i = 0; i < 2000; i++) {
    const { key, text } = sample(next);
    expect(hideKeyRuns(text, key, M), `key ${JSON.stringify(key)} text ${JSON.stringify(text)}`).toBe(reference(text, key));
  }
});

test("the same texts cut in three pieces anywhere, as a stream's chunks are, give what the whole gives", () => {
  const next = random(2323);
  for (let i = 0; i < 1000; i++) {
    const { key, text } = sample(next);
    const [a, b] = [Math.floor(next() * (text.length + 1)), Math.floor(next() * (text.length + 1))].sort((x, y) => x - y);
    const scanner = keyRunScanner(key, M);
    const shown = scanner.feed(text.slice(0, a)) + scanner.feed(text.slice(a, b)) + scanner.end(text.slice(b));
    expect(shown, `key ${JSON.stringify(key)} text ${JSON.stringify(text)} cut at ${a}, ${b}`).toBe(reference(text, key));
  }
});

test("a key of 11, 12 and 13 characters between letters, digits and other characters: only one under 12 must stand as a token", () => {
  for (const key of ["k3y_0123456", "k3y_01234567", "k3y_012345678"])
    for (const side of ["a", "Z", "7", "_", "-", "{", "~", " ", "\u00e9"]) {
      const text = `${side}${key}${side}`;
      expect(hideKeyRuns(text, key, M), `key ${key} text ${text}`).toBe(reference(text, key));
    }
});
