// The API's base URL: an absolute http(s) URL, or (in a page) a path. Checked when the client is
// made, so a typo fails before any request, as an InputValidationError naming where the value
// came from (an option, an environment variable, a CLI flag) and a URL to write instead.
import { isBrowser } from "./browser.js";
import { refuse } from "./refuse.js";

/** The base URL without its trailing slashes (the transport appends each call's path), or a refusal naming `name`. */
export function baseUrlOf(value: string, name: string): string {
  try {
    if (/^(https?:\/\/|\/)/i.test(value)) return new URL(value, (globalThis as { location?: { href: string } }).location?.href).href.replace(/\/+$/, "");
  } catch {}
  // "127.0.0.1:4020" is most often meant as http://127.0.0.1:4020.
  throw refuse(name, `an http(s) URL such as http://${/^[\w.-]+:\d+$/.test(value) ? value : "127.0.0.1:4020"}${isBrowser() ? ", or a path" : ""}`, value);
}
