// The API key: taken out of everything the client surfaces (errors, their causes, log lines,
// response data), even when a server echoes it back. client.ts refuses a malformed key.
import { KEY_PREFIX_SHOWN } from "./hidden-key.js";

/**
 * Replaces the key with `[redacted]`: as sent, percent-encoded (its form in a URL, hex in either
 * case), or cut short after its first KEY_PREFIX_SHOWN characters (the CLI's and MCP server's
 * rule). From that start on, the run of key characters (and `%`) goes too: a cut key, or an
 * encoded tail, however long; the cost is a few characters too many after a real key.
 */
// Each character of the start other than a letter, digit or `_` stands for itself (escaped) or its
// percent-encoding; `\w\w`, not `..`: a quote after a key's start stays, so JSON stays JSON.
// A text without the key is returned equal (the transport compares the result with its input to know).
export const redactor = (key: string | null) => {
  const start = key && new RegExp(`${key.slice(0, KEY_PREFIX_SHOWN).replace(/\W/g, "(\\$&|%\\w\\w)")}[\\w.~+/%=-]*`, "gi");
  return (s: string) => (start ? s.replace(start, "[redacted]") : s);
};

export type Redact = ReturnType<typeof redactor>;
