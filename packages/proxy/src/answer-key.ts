// The key in an answer from Monet: a server, gateway or debug build that echoes what it was sent
// must not hand the server's key to the browser. Bodies are scrubbed as they stream (the key as
// sent, and as JSON writers that escape "/" spell it); a header is dropped if it holds any 8
// characters of the key in a row, so a key split across headers is not passed on either.

const REDACTED = "[redacted]";
/** The shortest run of the key that marks a header as holding (part of) it. */
const RUN = 8;

/** Whether a header value holds any RUN characters of the key in a row. */
export function holdsKey(value: string, key: string): boolean {
  const run = Math.min(RUN, key.length);
  for (let i = 0; i + run <= key.length; i++) if (value.includes(key.slice(i, i + run))) return true;
  return false;
}

/** How long a tail of `text` could be the start of a form of the key: held back for the next chunk. */
function partialTail(text: string, forms: string[]): number {
  let longest = 0;
  for (const form of forms)
    for (let n = Math.min(form.length - 1, text.length); n > longest; n--)
      if (text.endsWith(form.slice(0, n))) {
        longest = n;
        break;
      }
  return longest;
}

/** The body with every form of the key replaced, however the chunks cut it; an event that ends a chunk is passed on at once. */
export function scrubKey(body: ReadableStream<BufferSource>, key: string): ReadableStream<Uint8Array> {
  const forms = key.includes("/") ? [key, key.replaceAll("/", "\\/")] : [key];
  const scrub = (text: string) => forms.reduce((t, form) => t.replaceAll(form, REDACTED), text);
  let carry = "";
  return body
    .pipeThrough(new TextDecoderStream())
    .pipeThrough(
      new TransformStream<string, string>({
        transform(chunk, out) {
          const text = scrub(carry + chunk);
          const cut = text.length - partialTail(text, forms);
          carry = text.slice(cut);
          if (cut) out.enqueue(text.slice(0, cut));
        },
        flush(out) {
          if (carry) out.enqueue(carry);
        },
      }),
    )
    .pipeThrough(new TextEncoderStream());
}
