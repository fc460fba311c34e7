// The key in an answer from Monet: a server, gateway or debug build that echoes what it was sent
// must not hand the server's key to the browser. Bodies are scrubbed as they stream by the
// client's one rule for a key in what a tool passes on (key-run.ts, bundled in at build): any run
// of half the key or more (12 characters or more; a key shorter than 12 only whole), wherever it
// starts in the key, as sent, URL-encoded (hex in either case, `%5F` included), with "/" as JSON's
// "\/", in any case; in JSON and event-stream bodies after reading `\uXXXX` escapes, as .NET's
// `\u002B` or an escape-everything writer spell it. So the key without its public `monet_live_`
// start, or masked with `*` after its first 30 characters, does not pass either. A header is
// dropped if it holds any 8 characters of the key in a row, so a key split across headers is not
// passed on either.
import { keyRunScanner } from "@monet-ai/client/outputs";

const REDACTED = "[redacted]";
/** The shortest run of the key that marks a header as holding (part of) it. */
const RUN = 8;

/** Whether a header value holds any RUN characters of the key in a row. */
export function holdsKey(value: string, key: string): boolean {
  const run = Math.min(RUN, key.length);
  for (let i = 0; i + run <= key.length; i++) if (value.includes(key.slice(i, i + run))) return true;
  return false;
}

const U_ESCAPE = /^\\u[0-9a-fA-F]{4}$/;
/** The start of a `\uXXXX` escape that the end of the text cut short. */
const CUT_ESCAPE = /^\\(u[0-9a-fA-F]{0,3})?$/;

/**
 * JSON text with each `\uXXXX` of a printable ASCII character other than `"` and `\` read as that
 * character, which keeps the JSON's meaning (and is how a key escaped by its writer is found).
 * Escapes are consumed left to right, so `\\u0041` (a backslash, then "u0041") stays as it is.
 * An escape cut by the end of the text is returned as `pending`, for the next chunk.
 */
export function readJsonEscapes(text: string): { text: string; pending: string } {
  let out = "";
  let at = 0;
  for (;;) {
    const slash = text.indexOf("\\", at);
    if (slash < 0) return { text: out + text.slice(at), pending: "" };
    out += text.slice(at, slash);
    const seq = text.slice(slash, slash + 6);
    if (U_ESCAPE.test(seq)) {
      const code = Number.parseInt(seq.slice(2), 16);
      out += code >= 0x20 && code <= 0x7e && code !== 0x22 && code !== 0x5c ? String.fromCharCode(code) : seq;
      at = slash + 6;
    } else if (CUT_ESCAPE.test(seq)) {
      return { text: out, pending: text.slice(slash) };
    } else {
      // Any other escape (`\\`, `\"`, `\/`, `\n`, a `\u` with a non-hex digit) passes as its two characters.
      out += text.slice(slash, slash + 2);
      at = slash + 2;
    }
  }
}

/**
 * The body with every run of the key (keyRunScanner) replaced, however the chunks cut it: the
 * scanner holds back only the longest tail that is a run of the key, so an event that ends a
 * chunk is passed on at once. `json`: the body is JSON or server-sent events (of JSON), whose
 * `\uXXXX` escapes are read before looking for the key.
 */
export function scrubKey(body: ReadableStream<BufferSource>, key: string, { json }: { json: boolean }): ReadableStream<Uint8Array> {
  const runs = keyRunScanner(key, REDACTED);
  // Raw text of an escape the last chunk cut short, not read yet.
  let pending = "";
  return body
    .pipeThrough(new TextDecoderStream())
    .pipeThrough(
      new TransformStream<string, string>({
        transform(chunk, out) {
          let read = pending + chunk;
          pending = "";
          if (json) ({ text: read, pending } = readJsonEscapes(read));
          const text = runs.feed(read);
          if (text) out.enqueue(text);
        },
        flush(out) {
          const text = runs.feed(pending) + runs.end();
          if (text) out.enqueue(text);
        },
      }),
    )
    .pipeThrough(new TextEncoderStream());
}
