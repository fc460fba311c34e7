// Whether a handler may listen beyond this machine by default. A proxy with neither `authorize`
// nor `allowedHosts` spends its key for anyone who reaches it, so createNodeServer keeps it on
// loopback unless `listen` is given a host; one the app guarded listens where Node does (every
// interface), as a deployed server (a container, a VM behind a load balancer) needs.
import type http from "node:http";

/** Set on a handler made with `authorize` or `allowedHosts` (a registered symbol: the same in every copy of the package). */
const GUARDED = Symbol.for("@monet-ai/proxy.guarded");

export function markGuarded<F extends object>(handler: F): F {
  return Object.defineProperty(handler, GUARDED, { value: true });
}

export const isGuarded = (handler: object) => (handler as { [GUARDED]?: boolean })[GUARDED] === true;

/** Where an unguarded proxy listens when `listen` names no host. */
export const LOOPBACK = "127.0.0.1";

/**
 * `listen`'s arguments with the loopback host added when they name none: a port (a number, a
 * numeric string, or none) without a host, or options with a port and no host. A pipe path, a
 * handle or an explicit host is left alone.
 */
function withLoopback(args: unknown[]): unknown[] {
  const [first, second] = args;
  if (typeof first === "function") return [0, LOOPBACK, ...args];
  if (first === undefined || first === null || typeof first === "number" || (typeof first === "string" && /^\d+$/.test(first)))
    return typeof second === "string" ? args : [first ?? 0, LOOPBACK, ...args.slice(second === undefined && args.length > 1 ? 2 : 1)];
  if (typeof first === "object" && !("host" in first) && !("path" in first) && !("fd" in first) && !("handle" in first) && !("_handle" in first))
    return [{ ...first, host: LOOPBACK }, ...args.slice(1)];
  return args;
}

/** Makes `server.listen` default to loopback (see above). */
export function listenOnLoopbackByDefault(server: http.Server): http.Server {
  const listen = server.listen as (...a: unknown[]) => http.Server;
  (server as { listen: (...a: unknown[]) => http.Server }).listen = function (this: http.Server, ...args: unknown[]) {
    return listen.apply(this, withLoopback(args));
  };
  return server;
}
