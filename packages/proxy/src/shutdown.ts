// Stopping a server without cutting the calls in flight: a deploy (SIGTERM from a container
// runtime or orchestrator) otherwise ended a JSON call with no answer and an event stream
// mid-event. An open event stream never goes idle (its keep-alive comments), so the drain has a
// deadline: then each of the proxy's event streams gets a last `event: error` and ends unfinished
// (the client polls its task), and whatever is left is cut.
import type http from "node:http";

/**
 * On a server, how to end each event stream it is sending (registered by the Node adapter). A
 * registered symbol: closeGracefully and the adapter may come from different builds (ESM, CommonJS).
 */
const OPEN_STREAMS = Symbol.for("@monet-ai/proxy.openStreams");
type Ends = Set<() => Promise<void>>;
const openStreams = (server: object): Ends => {
  const on = server as { [OPEN_STREAMS]?: Ends };
  if (!on[OPEN_STREAMS]) Object.defineProperty(on, OPEN_STREAMS, { value: new Set() });
  return on[OPEN_STREAMS] as Ends;
};

/**
 * Registers an event stream being sent on `server`, and `end`, which ends it and resolves once its
 * response closed. Returns its removal (for when the response closes on its own).
 */
export function streamOnServer(server: object, end: () => Promise<void>): () => void {
  const ends = openStreams(server);
  ends.add(end);
  return () => ends.delete(end);
}

/** How long the streams ended at the deadline have to write their last event before every connection is closed. */
const LAST_WORD_MS = 1000;

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
    // An event stream is ended the way the browser can tell (its last event says why), not cut
    // mid-event by the socket's close; then whatever is left is closed.
    const deadline = setTimeout(() => {
      const ends = [...openStreams(server)].map((end) => end());
      let last: ReturnType<typeof setTimeout> | undefined;
      const late = new Promise<void>((r) => (last = setTimeout(r, LAST_WORD_MS)));
      void Promise.race([Promise.all(ends), late]).then(() => {
        clearTimeout(last);
        server.closeAllConnections();
      });
    }, timeout);
    server.close(() => {
      clearInterval(sweep);
      clearTimeout(deadline);
      resolve();
    });
    server.closeIdleConnections();
  });
}
