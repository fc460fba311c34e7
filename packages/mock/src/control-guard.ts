// Who may use the control API (/__mock/*: faults, listings, reset). It changes what every
// client of the mock sees, so a web page must not reach it: the Host must be a loopback name
// (a DNS-rebinding page sends its own name), a browser's Origin must be a loopback origin, and
// a POST must be JSON (which a page cannot send across origins without a preflight, and the
// preflight is only answered for loopback origins). CORS reflects loopback origins only.
import type { IncomingMessage } from "node:http";

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** The host name of a Host header or URL host (lower case, no port), or undefined when malformed. */
export function hostName(host: string): string | undefined {
  const m = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::\d{1,5})?$/i.exec(host.trim());
  return m?.[1].toLowerCase();
}

export class ControlGuard {
  private hosts: Set<string>;

  /** `extraHosts`: names besides the loopback ones (the publicUrl's host, `allowedHosts`). */
  constructor(extraHosts: string[] = []) {
    this.hosts = new Set([...LOOPBACK, ...extraHosts.map((h) => hostName(h) ?? h.toLowerCase())]);
  }

  /** Why this request may not use the control API, or undefined when it may. */
  refuse(req: IncomingMessage): { status: number; message: string } | undefined {
    const host = hostName(req.headers.host ?? "");
    if (!host || !this.hosts.has(host))
      return {
        status: 403,
        message: "The control API answers only to a loopback Host (localhost, 127.0.0.1, [::1]); add others with the allowedHosts option.",
      };
    const origin = req.headers.origin;
    if (origin !== undefined && !this.allowsOrigin(origin))
      return { status: 403, message: "The control API does not answer pages from other origins; only a frontend on localhost may call it." };
    return undefined;
  }

  allowsOrigin(origin: string): boolean {
    const m = /^https?:\/\/([^/]+)$/i.exec(origin);
    const host = m && hostName(m[1]);
    return !!host && this.hosts.has(host);
  }

  /** CORS headers for an allowed Origin (echoed, never "*"); none without one. */
  cors(req: IncomingMessage): Record<string, string> {
    const origin = req.headers.origin;
    return origin && this.allowsOrigin(origin) ? { "access-control-allow-origin": origin, vary: "Origin" } : { vary: "Origin" };
  }
}

/** True when a request body is declared as JSON (application/json or a +json type). */
export function isJson(req: IncomingMessage): boolean {
  return /^application\/([\w.+-]+\+)?json\s*(;|$)/i.test(req.headers["content-type"] ?? "");
}
