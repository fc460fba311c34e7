// The API key: taken out of everything the client surfaces (errors, their causes, log lines,
// response data), even when a server echoes it back. client.ts refuses a malformed key.

/** Replaces the key with `[redacted]`. */
// A text without the key is returned as it is (a search, not a copy: most answers hold no key,
// and the transport compares the result with its input to know).
export const redactor = (key: string | null) => (s: string) => (key && s.includes(key) ? s.replaceAll(key, "[redacted]") : s);

export type Redact = ReturnType<typeof redactor>;

/**
 * A copy of an error fetch threw and of its causes, keeping code and message with the key taken
 * out; the rest (a URL error's `input`, the stack) may hold what a server sent.
 */
// biome-ignore lint/suspicious/noExplicitAny: whatever fetch threw, of any shape
export const cleanError = (e: any, redact: Redact): Error =>
  Object.assign(new Error(redact(String(e?.message ?? e)), e?.cause && { cause: cleanError(e.cause, redact) }), { code: e?.code });
