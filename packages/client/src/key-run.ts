// The key in text a tool shows, by one rule: any run of the key's characters in a row, of half
// the key and 12 characters or more, wherever it starts in the key (its end quoted without its
// public `monet_` start, a middle run, a key masked with `*` after its first 30 characters), each
// character as itself, percent-encoded (`%5F` for `_` too, hex in either case), escaped as JSON
// does (`\/`, `\u006d`: a key escaped twice shows its escapes) or as an HTML character reference
// (`&#109;`, `&#x6d;`), in any case; and the key's bytes in hex (`6d6f6e6574…`, either case), a
// run of half of them or more: each is the key to whoever reads it. A key shorter than 12 goes only whole, and only where it stands as a token
// (no letter or digit on either side): a run of 12 is what keeps a public scheme such as
// `monet_live_` (11) from being taken for it, and no API key is that short, so a local `dev` or a
// mistaken `x` is not a secret worth deleting from every word it is part of (`development`). A run is taken out as far as the key
// continues on either side of it, so no key character next to it stays. Used by the CLI and MCP
// server (redactHidden), the client's failure path (key-tail.ts) and the proxy's body filter. The
// client's start path keeps its smaller rule (secret.ts, whose bytes are budgeted).
//
// Why an automaton, not a RegExp: a RegExp of every run is an alternation of one branch per start
// in the key, each tried at every position of the text, so text of near-misses (a 200-character
// key's runs cut one short) costs key² steps a character. The key's suffix automaton reads each
// character of the text once, tracking the longest run of the key ending there (matching
// statistics), and is built once per key.

/** A state of the suffix automaton: its moves by (lower-cased) character code, suffix link, and longest run. */
type State = { next: Map<number, number>; link: number; len: number };

/** The suffix automaton of `key` (lower case): every run of the key is a path from state 0. */
function automaton(key: string): State[] {
  const st: State[] = [{ next: new Map(), link: -1, len: 0 }];
  let last = 0;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    const cur = st.push({ next: new Map(), link: 0, len: st[last].len + 1 }) - 1;
    let p = last;
    for (; p !== -1 && !st[p].next.has(c); p = st[p].link) st[p].next.set(c, cur);
    if (p !== -1) {
      // Defined: the loop above stopped at a state with a move by `c`.
      const q = st[p].next.get(c) as number;
      if (st[p].len + 1 === st[q].len) st[cur].link = q;
      else {
        const clone = st.push({ next: new Map(st[q].next), link: st[q].link, len: st[p].len + 1 }) - 1;
        for (; p !== -1 && st[p].next.get(c) === q; p = st[p].link) st[p].next.set(c, clone);
        st[q].link = clone;
        st[cur].link = clone;
      }
    }
    last = cur;
  }
  return st;
}

/** Below this length a key is taken out only whole, as a token; from it, any run of half the key or this long. */
const SHORT = 12;
/** The shortest run of a key that is taken out: half the key and 12 or more; a key shorter than 12 only whole. */
export const shortestRun = (key: string) => (key.length < SHORT ? key.length : Math.ceil(Math.max(SHORT, key.length / 2)));
/** A letter or digit (of any script): what a short key must not touch to stand as a token. */
const isWord = (c: number) => (c < 128 ? (c >= 48 && c <= 57) || (c >= 97 && c <= 122) : /[\p{L}\p{N}]/u.test(String.fromCharCode(c)));

// Built once per key: the CLI, MCP server and proxy run the rule over every answer they pass on.
const automata = new Map<string, State[]>();
function automatonOf(key: string): State[] {
  let st = automata.get(key);
  if (!st) {
    // A process has a key or a few: a bound, not an eviction policy.
    if (automata.size >= 16) automata.clear();
    st = automaton(key.toLowerCase());
    automata.set(key, st);
  }
  return st;
}

// A character written another way (percent-encoded, a JSON escape, an HTML character reference),
// and the start of one that a piece's end may have cut (it waits for the next piece).
const UNIT = /^(?:%[0-9a-f]{2}|\\\/|\\u[0-9a-f]{4}|&#(?:[0-9]{1,7}|x[0-9a-f]{1,6});)/i;
const CUT = /^(?:%[0-9a-f]?|\\(?:u[0-9a-f]{0,3})?|&(?:#(?:[0-9]{0,7}|x[0-9a-f]{0,6}))?)$/i;
/** The character a UNIT stands for. */
const codeOf = (u: string) =>
  u[0] === "%"
    ? Number.parseInt(u.slice(1), 16)
    : u[1] === "/"
      ? 47
      : u[1] === "u"
        ? Number.parseInt(u.slice(2), 16)
        : u[2] === "x" || u[2] === "X"
          ? Number.parseInt(u.slice(3, -1), 16)
          : Number(u.slice(2, -1));
/** The key's bytes as hex (UTF-8): a dump of the bytes sent. */
const hexOf = (key: string) => Array.from(new TextEncoder().encode(key), (b) => b.toString(16).padStart(2, "0")).join("");

type Scanner = { feed(text: string): string; end(text?: string): string };

/**
 * The runs of `key` in text that comes in pieces, each stretch replaced by one `mark`; it holds
 * back only the longest tail that is a run of the key (it may go on in the next piece) and a
 * character written another way that the piece cut short.
 */
function runScanner(key: string, mark: string): Scanner {
  const st = automatonOf(key);
  const n = shortestRun(key);
  const token = key.length < SHORT;
  // The character (decoded) just before the text a scan reads: a short key's left neighbour. -1: none.
  let prev = -1;
  // Raw text held back, and the stretches of it already covered by a run that started before it.
  let carry = "";
  let held: [number, number][] = [];
  // Whether what was given out ends with a mark: a stretch going on in the next piece shows one.
  let inMark = false;
  const scan = (piece: string, final: boolean) => {
    const text = carry + piece;
    // Read again from the start: the held text is one run of the key, so this reaches the same state.
    let state = 0;
    let run = 0;
    const covers = held;
    // Where each unit (a character, a `%XX`, a `\/`) starts in `text`, and the character it is.
    const starts = new Int32Array(text.length + 1);
    const codes = new Int32Array(text.length + 1);
    // A short key found whole, waiting for its right neighbour: [from, to] in `text`.
    let pending: [number, number] | undefined;
    const cover = (from: number, to: number) => {
      // Joined with every stretch it touches: a run goes as far as the key continues.
      for (let last = covers[covers.length - 1]; last && last[1] >= from; last = covers[covers.length - 1]) {
        from = Math.min(from, last[0]);
        covers.pop();
      }
      covers.push([from, to]);
    };
    let units = 0;
    let stop = text.length;
    for (let i = 0; i < text.length; ) {
      let c = text.charCodeAt(i);
      let len = 1;
      if (c === 37 || c === 92 || c === 38) {
        // `%XX`, `\/`, `\uXXXX`, `&#N;` and `&#xH;` are the character they stand for; one cut by the piece's end waits for the next.
        const rest = text.slice(i, i + 11);
        const unit = UNIT.exec(rest)?.[0];
        if (unit) {
          c = codeOf(unit);
          len = unit.length;
        } else if (!final && CUT.test(rest)) {
          stop = i;
          break;
        }
      }
      if (c >= 65 && c <= 90) c |= 32;
      if (pending && !isWord(c)) cover(...pending);
      pending = undefined;
      codes[units] = c;
      starts[units++] = i;
      i += len;
      // Matching statistics: the longest run of the key that ends here.
      while (state !== 0 && !st[state].next.has(c)) {
        state = st[state].link;
        run = st[state].len;
      }
      const to = st[state].next.get(c);
      if (to === undefined) run = 0;
      else {
        state = to;
        run++;
      }
      if (run >= n && !token) cover(starts[units - run], i);
      // A short key: taken when no letter or digit is on its left, then on its right (the next unit, or the end).
      else if (run >= n && !isWord(units > run ? codes[units - run - 1] : prev)) pending = [starts[units - run], i];
    }
    starts[units] = stop;
    if (pending && final) cover(...pending);
    const keep = final ? text.length : starts[units - run];
    if (!final && units > run) prev = codes[units - run - 1];
    let out = "";
    let at = 0;
    held = [];
    for (const [a, b] of covers) {
      if (a >= keep) {
        held.push([a - keep, b - keep]);
        continue;
      }
      if (a > at) {
        out += text.slice(at, a);
        inMark = false;
      }
      if (!inMark) out += mark;
      inMark = true;
      at = Math.min(b, keep);
      if (b > keep) held.push([0, b - keep]);
    }
    if (keep > at) {
      out += text.slice(at, keep);
      inMark = false;
    }
    carry = text.slice(keep);
    return out;
  };
  return { feed: (text) => scan(text, false), end: (text = "") => scan(text, true) };
}

/**
 * A scanner of text that comes in pieces (a stream's chunks): `feed` returns the text it is sure
 * of, each stretch of runs of the key (see above) replaced by one `mark`, and then each of the key's
 * bytes in hex; `end` reads a last piece and returns the rest. Pieces cut anywhere give the same
 * text as the whole.
 */
export function keyRunScanner(key: string, mark: string): Scanner {
  const runs = runScanner(key, mark);
  // A short key goes only whole as a token: its hex is a number like any other.
  if (key.length < SHORT) return runs;
  const dump = runScanner(hexOf(key), mark);
  return { feed: (text) => dump.feed(runs.feed(text)), end: (text) => dump.end(runs.end(text)) };
}

/** `s` with every run of `key` (see above) replaced by `mark`; a text without one comes back equal. */
export function hideKeyRuns(s: string, key: string, mark: string): string {
  return keyRunScanner(key, mark).end(s);
}
