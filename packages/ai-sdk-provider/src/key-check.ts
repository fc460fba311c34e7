// A key the client refuses (a bearer token holds only certain characters) is the AI SDK's
// LoadAPIKeyError, as a missing one is, saying what is wrong with it without showing it. A
// trailing space or line break from a `.env` file is the common case.
import { LoadAPIKeyError } from "@ai-sdk/provider";

/** What is wrong with a key the client refused, in words; the key itself is never shown. */
function trouble(key: string): string {
  if (key !== key.trim()) return "has whitespace at its start or end (a space or line break copied with it, as from a .env file?): remove it";
  if (/\p{Cc}/u.test(key)) return "holds a control character (a line break?)";
  if (/\s/.test(key)) return "holds a space";
  if (/[^\u0020-\u007e]/.test(key)) return "holds a character that is not ASCII (a quote or dash pasted from a document?)";
  return "holds a character an API key cannot (quotes, commas...)";
}

/**
 * `make(key)`, or, when it throws for the key alone (the same with a well-formed key does not),
 * a `LoadAPIKeyError` saying what is wrong with the key; `from` names where it came from.
 */
export function withCheckedKey<T>(key: string, from: string, make: (key: string) => T): T {
  try {
    return make(key);
  } catch (e) {
    try {
      make("monet_wellformed");
    } catch {
      throw e; // not the key's fault (the base URL, a browser)
    }
    throw new LoadAPIKeyError({ message: `The Monet API key ${from} ${trouble(key)}` });
  }
}
