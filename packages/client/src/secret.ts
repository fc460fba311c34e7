// The API key: taken out of everything the client surfaces (errors, their causes, log lines,
// response data), even when a server echoes it back. client.ts refuses a malformed key.

/**
 * At start (this file's bytes are budgeted): the key as sent or percent-encoded (its form in a
 * URL, `%5F` for `_` too, hex in either case), anywhere; or a real
 * prefix of it, character for character, of `n` or more characters (a quote cut short): half the
 * key or more (the other half stays secret) and 12 or more, so a public scheme such as
 * `monet_live_` or `monet_test_` alone (in a file name, a URL) is never taken for it. A key
 * shorter than 12 (a local `dev`) goes only whole. The failure path, the CLI, the MCP server and
 * the proxy take any run of that length wherever it starts in the key (key-run.ts).
 */
// Each character stands for itself (in a class, where a key's `.`, `+`, `/` and `-` are
// themselves) or its percent-encoding, letters and digits too (`%6d`, as an encoder of every
// byte writes them); those after the first n are optional in turn: `kk…k(k(k)?)?`.
export const keyPattern = (key: string, n = Math.max(12, key.length / 2)) =>
  RegExp(key.replace(/./g, (c, i) => `${i < n ? "" : "("}([${c}]|%${c.charCodeAt(0).toString(16)})`) + key.replace(/./g, (_, i) => (i < n ? "" : ")?")), "gi");

/** Replaces the key (keyPattern) with `[redacted]`. A text without it is returned equal (the transport compares the result with its input to know). */
export const redactor = (key: string | null) => {
  const re = key && keyPattern(key);
  return (s: string) => (re ? s.replace(re, "[redacted]") : s);
};

export type Redact = ReturnType<typeof redactor>;
