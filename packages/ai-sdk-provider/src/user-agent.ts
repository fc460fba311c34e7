// The provider's user-agent suffix, `ai-sdk/monet/<version>`, as every official provider adds its
// own (`ai-sdk/openai/...`), so Monet can tell this package's traffic and versions apart.
import pkg from "../package.json" with { type: "json" };

export const USER_AGENT = `ai-sdk/monet/${pkg.version}`;

/**
 * `headers` with the suffix: added to the user-agent the AI SDK already sends (`ai/7.x`), or set
 * when there is none, except in a browser. There a header the page adds that is not on the CORS
 * safelist (User-Agent is not) makes a cross-origin request need a preflight; appended to the one
 * the AI SDK set, it adds none.
 */
export function withUserAgent(headers: Record<string, string>): Record<string, string> {
  const name = Object.keys(headers).find((k) => k.toLowerCase() === "user-agent");
  if (name) return { ...headers, [name]: `${headers[name]} ${USER_AGENT}` };
  const browser = "document" in globalThis || "importScripts" in globalThis;
  return browser ? headers : { ...headers, "user-agent": USER_AGENT };
}
