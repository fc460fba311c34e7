// The API's base URL: an absolute http(s) URL, or (in a page) a path. Checked when the client is
// made, so a typo fails before any request, as an InputValidationError naming where the value
// came from (an option, an environment variable, a CLI flag) and a URL to write instead.
// Credentials, a query or a fragment are refused without quoting the value.
import { isBrowser } from "./browser.js";
import { API_ROOT } from "./generated/calls.gen.js";
import { refuse } from "./refuse.js";

/** The base URL without its trailing slashes (the transport appends each call's path), or a refusal naming `name`. */
export function baseUrlOf(value: string, name: string): string {
  let url: string | undefined;
  try {
    if (/^(https?:\/\/|\/)/i.test(value)) url = new URL(value, (globalThis as { location?: { href: string } }).location?.href).href.replace(/\/+$/, "");
  } catch {}
  // A user and password, a query or a fragment: each call's path would go after them (to the
  // wrong place), and they would show in every error. Named, never quoted (they may be secrets).
  if (url && /^[^/]*\/\/[^/]*@|[?#]/.test(url)) throw refuse(name, "an http(s) URL without user:password@, ?query or #fragment", "(hidden)");
  // openai's baseURL ends in /v1; ours must not end in the API's root, which every path starts with.
  if (url && API_ROOT && url.endsWith(API_ROOT)) throw refuse(name, `the address without ${API_ROOT}: ${url.slice(0, -API_ROOT.length) || "/"}`, value);
  if (url) return url;
  // "127.0.0.1:4020" is most often meant as http://127.0.0.1:4020.
  throw refuse(name, `an http(s) URL such as http://${/^[\w.-]+:\d+$/.test(value) ? value : "127.0.0.1:4020"}${isBrowser() ? ", or a path" : ""}`, value);
}
