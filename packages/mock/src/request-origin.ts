// The origin written into file and output URLs when the mock listens on every interface and no
// `publicUrl` was given: the `Host` the request came to (a phone on the LAN asked 192.168.1.20:4020,
// so its URLs must say that, not 0.0.0.0). Only a plain host[:port] is echoed: a name or an IP,
// no user info, path, query, space or quote, so a hostile Host cannot bend a URL the mock hands
// out into another shape. Anything else gets the loopback origin.
import { isIPv6 } from "node:net";

/** An address that means "every interface": a URL with it reaches nothing. */
export const isWildcard = (address: string) => {
  const a = address.replace(/^\[|\]$/g, "");
  return a === "0.0.0.0" || (isIPv6(a) && /^[0:]+$/.test(a));
};

const LABEL = "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?";
const NAME = new RegExp(`^${LABEL}(?:\\.${LABEL})*$`);
const HOST = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/;

/** `http://<host>` for a well-formed Host header, else undefined. */
export function hostOrigin(header: string | undefined): string | undefined {
  if (!header || header.length > 260) return undefined;
  const m = HOST.exec(header.toLowerCase());
  if (!m) return undefined;
  const [, name, port] = m;
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) return undefined;
  const ok = name.startsWith("[") ? isIPv6(name.slice(1, -1)) : name.length <= 253 && NAME.test(name);
  if (!ok || isWildcard(name)) return undefined;
  return `http://${name}${port === undefined ? "" : `:${Number(port)}`}`;
}
