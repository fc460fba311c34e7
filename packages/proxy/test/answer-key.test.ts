// The key as an upstream's JSON writer or URL encoder spells it (audit s14-proxy M2, leak.mjs):
// before, a key written as `\u006d\u006f...` (a writer that escapes everything), with .NET's
// `\u002B` for "+", or as encodeURIComponent(key) reached the browser, which reads it back.
import { afterAll, beforeAll, expect, test } from "vitest";
import { scrubKey } from "../src/answer-key.js";
import { createMonetProxy } from "../src/index.js";
import { hostileUpstream } from "./support/hostile.ts";

// Holds "/", "+" and "=", which JSON writers and URL encoders spell differently.
const KEY = "monet_AUDITkey123/xyz+Q=";
const hex = (s: string) => Buffer.from(s).toString("hex");
const escapeAll = (s: string) => [...s].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`).join("");
/** What a page could read back: JSON escapes and percent-encodings undone. */
const readBack = (text: string) => {
  const json = text.replace(/\\u([0-9a-fA-F]{4})/g, (_, h) => String.fromCharCode(Number.parseInt(h, 16))).replaceAll("\\/", "/");
  return `${text}\n${json}\n${decodeURIComponent(text.replace(/%(?![0-9a-f]{2})/gi, "%25"))}`;
};

let upstream: Awaited<ReturnType<typeof hostileUpstream>>;
beforeAll(async () => {
  upstream = await hostileUpstream();
});
afterAll(() => upstream?.close());

test.each([
  ["every character \\u-escaped", escapeAll(KEY)],
  ["'+' as .NET's \\u002B", KEY.replaceAll("+", "\\u002B")],
  ["'+' as \\u002b and '/' as \\/", KEY.replaceAll("+", "\\u002b").replaceAll("/", "\\/")],
  ["'/' as \\u002F", KEY.replaceAll("/", "\\u002F")],
  ["encodeURIComponent", encodeURIComponent(KEY)],
  ["percent-encoded with lower-case hex", encodeURIComponent(KEY).replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase())],
  ["as sent", KEY],
  ["'/' as \\/", KEY.replaceAll("/", "\\/")],
  // A dump of the bytes sent, and an HTML page's character references (s23-mutate: shown as sent before).
  ["as its bytes in hex", hex(KEY)],
  ["as its bytes in upper-case hex", hex(KEY).toUpperCase()],
  ["as HTML decimal character references", [...KEY].map((c) => `&#${c.charCodeAt(0)};`).join("")],
  ["as HTML hex character references", [...KEY].map((c) => `&#x${c.charCodeAt(0).toString(16)};`).join("")],
])("a 401 echoing the key %s reaches the browser redacted", async (_name, spelled) => {
  upstream.answer((_req, res) => res.writeHead(401, { "content-type": "application/json" }).end(`{"error":{"message":"bad token ${spelled}"}}`));
  const res = await createMonetProxy({ apiKey: KEY, baseUrl: upstream.url })(new Request("http://localhost/api/v1/tasks/list"));
  const text = await res.text();
  expect(res.status).toBe(401);
  expect(JSON.parse(text)).toEqual({ error: { message: "bad token [redacted]" } });
  expect(readBack(text)).not.toContain(KEY);
  expect(text.toLowerCase()).not.toContain(hex(KEY).slice(0, 24));
});

/** The stream's text, chunk by chunk. */
const decoded = (stream: ReadableStream<Uint8Array>) => stream.pipeThrough(new TextDecoderStream() as TransformStream<Uint8Array, string>);

/** Runs `chunks` through the scrubber; resolves with what came out, chunk by chunk. */
async function scrubbed(chunks: string[], json = true): Promise<string[]> {
  const bytes = new TextEncoder();
  const body = new ReadableStream<BufferSource>({
    start(c) {
      for (const chunk of chunks) c.enqueue(bytes.encode(chunk));
      c.close();
    },
  });
  const out: string[] = [];
  const reader = decoded(scrubKey(body, KEY, { json })).getReader();
  for (let r = await reader.read(); !r.done; r = await reader.read()) out.push(r.value);
  return out;
}

test("an escaped key is found wherever the chunks cut it, an escape included", async () => {
  const event = `event: failed\ndata: {"message":"bad key ${escapeAll(KEY)} and \\u0041"}\n\n`;
  const want = 'event: failed\ndata: {"message":"bad key [redacted] and A"}\n\n';
  for (let cut = 0; cut <= event.length; cut++) expect((await scrubbed([event.slice(0, cut), event.slice(cut)])).join(""), `cut at ${cut}`).toBe(want);
  expect((await scrubbed([...event])).join("")).toBe(want);
});

test("escapes are read left to right, and only printable ASCII other than quote and backslash", async () => {
  const body = String.raw`{"a":"\\u0041","b":"\u0022\u005C\u005c\u000A\u00e9\u0041\/\u00","c":"\\\u0042"}`;
  const want = String.raw`{"a":"\\u0041","b":"\u0022\u005C\u005c\u000A\u00e9A\/\u00","c":"\\B"}`;
  expect((await scrubbed([body])).join("")).toBe(want);
  expect((await scrubbed([...body])).join("")).toBe(want);
  // An escape the body's end cuts short is passed on as it came.
  expect((await scrubbed(["x\\u00"])).join("")).toBe("x\\u00");
  // Outside JSON and event streams the text is passed as it came, apart from the key.
  expect((await scrubbed([String.raw`\u0041 ${encodeURIComponent(KEY)}`], false)).join("")).toBe(String.raw`\u0041 [redacted]`);
});

test("an event that ends a chunk is passed on at once, before the next chunk arrives", async () => {
  let source!: ReadableStreamDefaultController<BufferSource>;
  const body = new ReadableStream<BufferSource>({
    start(c) {
      source = c;
    },
  });
  const next = (chunk: string | null) => (chunk === null ? source.close() : source.enqueue(new TextEncoder().encode(chunk)));
  const reader = decoded(scrubKey(body, KEY, { json: true })).getReader();
  const first = reader.read();
  next('event: created\ndata: {"id":"t\\u0041"}\n\n');
  expect((await first).value).toBe('event: created\ndata: {"id":"tA"}\n\n');
  // The second event cuts the escaped key, and an escape, between two chunks.
  next(`data: {"k":"${escapeAll(KEY).slice(0, 9)}`);
  next(`${escapeAll(KEY).slice(9)}"}\n\n`);
  next(null);
  let rest = "";
  for (let r = await reader.read(); !r.done; r = await reader.read()) rest += r.value;
  expect(rest).toBe('data: {"k":"[redacted]"}\n\n');
});

// Audit s19-proxy F3: the body filter took only the whole key, so an upstream quoting the key
// without its public `monet_live_` start, or masked after its first 30 characters, reached the
// browser. Now any run of half the key or more (the client's key-run.ts) goes, however cut.
const LIVE = "monet_live_AUDITSECRET0123456789abcdef";
test.each([
  ["without its public start", `key ${LIVE.slice(11)} was revoked`, "key [redacted] was revoked"],
  ["masked with * after 30 characters", `masked ${LIVE.slice(0, 30)}********`, "masked [redacted]********"],
  ["a middle run", `mid ${LIVE.slice(5, 26)}.`, "mid [redacted]."],
  ["`_` as %5F", `pct ${LIVE.replaceAll("_", "%5F")}`, "pct [redacted]"],
  ["monet_live_ alone (public)", "see monet_live_ keys", "see monet_live_ keys"],
  ["a run shorter than half the key", `hint ${LIVE.slice(-18)}`, `hint ${LIVE.slice(-18)}`],
])("a body quoting the key %s reaches the browser as the rule says, every cut of the chunks alike", async (_how, quoted, shown) => {
  const body = `{"error":{"message":"${quoted}"}}`;
  upstream.answer((_req, res) => res.writeHead(401, { "content-type": "application/json" }).end(body));
  const res = await createMonetProxy({ apiKey: LIVE, baseUrl: upstream.url })(new Request("http://localhost/api/v1/tasks/list"));
  expect(JSON.parse(await res.text())).toEqual({ error: { message: shown } });
  const scrub = async (chunks: string[]) => {
    const source = new ReadableStream<BufferSource>({
      start(c) {
        for (const chunk of chunks) c.enqueue(new TextEncoder().encode(chunk));
        c.close();
      },
    });
    let out = "";
    const reader = decoded(scrubKey(source, LIVE, { json: true })).getReader();
    for (let r = await reader.read(); !r.done; r = await reader.read()) out += r.value;
    return out;
  };
  for (let cut = 0; cut <= body.length; cut++) expect(await scrub([body.slice(0, cut), body.slice(cut)]), `cut at ${cut}`).toContain(shown);
});
