// The server's own settings, read from its environment at start. A value that cannot work is
// said once on stderr, naming the variable and what it may be, and the server runs without it:
// an agent never sees the server's configuration blamed on its own arguments.
import { InputValidationError } from "@monet-ai/client";
import { baseUrlOf } from "@monet-ai/client/operations";
import { isLocalUrl } from "@monet-ai/client/outputs";
import { DEFAULT_POLL_MS, MAX_POLL_MS, MIN_POLL_MS } from "./tools.js";

/** The opt-in for plain http:// to a host that is not local: the key would travel in clear text. */
export const ALLOW_HTTP = "MONET_MCP_ALLOW_HTTP";

/** MONET_POLL_INTERVAL (ms): a whole number in the spec's poll range, else the default (with a reason to log). */
export function parsePollInterval(value: string | undefined): { ms?: number; ignored?: string } {
  if (value === undefined || value.trim() === "") return {};
  const ms = Number(value);
  if (Number.isSafeInteger(ms) && ms >= MIN_POLL_MS && ms <= MAX_POLL_MS) return { ms };
  return {
    ignored: `MONET_POLL_INTERVAL must be a whole number of ms from ${MIN_POLL_MS} to ${MAX_POLL_MS} (got ${JSON.stringify(value.slice(0, 40))}); using ${DEFAULT_POLL_MS}`,
  };
}

const FIX = `fix it in the MCP server's env (the "env" of its entry in your MCP client's config), then restart the server.`;

/**
 * MONET_BASE_URL: the client's rule for a base URL, named as the variable (not as a tool
 * argument), and plain http:// only to a local host (the mock) unless MONET_MCP_ALLOW_HTTP=1:
 * every request carries the key. `problem` is what the tools that ask the API answer instead.
 */
export function checkBaseUrl(value: string | undefined, allowHttp: string | undefined): { problem?: string } {
  if (!value) return {};
  let url: string;
  try {
    url = baseUrlOf(value, "MONET_BASE_URL");
  } catch (e) {
    if (!(e instanceof InputValidationError)) throw e;
    return { problem: `The server's ${e.message.replace(/^Invalid input: /, "")}: ${FIX}` };
  }
  if (/^http:/i.test(url) && !isLocalUrl(url) && allowHttp !== "1")
    return {
      problem: `The server's MONET_BASE_URL is plain http:// to a host that is not local (${url}): the API key would travel in clear text. Use https://, or set ${ALLOW_HTTP}=1 beside it if the link is private; ${FIX}`,
    };
  return {};
}
