// Stopping a server without cutting the calls in flight: a deploy (SIGTERM from a container
// runtime or orchestrator) otherwise ended a JSON call with no answer and an event stream
// mid-event. An open event stream never goes idle (its keep-alive comments), so the drain has a
// deadline, after which what is left is cut and the client polls its task.
import type http from "node:http";

/** How long calls in flight may take to finish by default: under the 30 s most orchestrators wait after SIGTERM. */
export const SHUTDOWN_TIMEOUT_MS = 20_000;
/** How often connections that finished their answer are closed while draining. */
const SWEEP_MS = 100;

/**
 * Stops accepting connections, lets the calls in flight finish (closing each connection once its
 * answer is out), and cuts what is left after `timeout` ms. Resolves once the server is closed:
 * `process.once("SIGTERM", () => closeGracefully(server).then(() => process.exit(0)))`.
 */
export function closeGracefully(server: http.Server, { timeout = SHUTDOWN_TIMEOUT_MS }: { timeout?: number } = {}): Promise<void> {
  if (!server.listening) return Promise.resolve();
  return new Promise((resolve) => {
    // Keep-alive connections go idle between requests: closed as soon as they do.
    const sweep = setInterval(() => server.closeIdleConnections(), SWEEP_MS);
    const deadline = setTimeout(() => server.closeAllConnections(), timeout);
    server.close(() => {
      clearInterval(sweep);
      clearTimeout(deadline);
      resolve();
    });
    server.closeIdleConnections();
  });
}
