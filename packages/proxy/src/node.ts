// Node's http (and Express) adapter for the standard handler: the request body streams in and
// the response (uploads, server-sent events) streams out as it comes, with backpressure.
// Whatever a socket sends, it answers (a JSON error at worst) and never throws: an exception
// escaping a request listener would end the whole process.
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { errorBody } from "./errors.js";
import { failureReporter, type OnError, reporterOf } from "./failure-report.js";
import { isGuarded, listenOnLoopbackByDefault } from "./local-only.js";
import { endOnShutdown } from "./quiet-stream.js";
import { allowedMethods, apiPath, type OperationId, operationAt, SPEC_METHODS } from "./routes.js";

import { streamOnServer } from "./shutdown.js";

export { closeGracefully, SHUTDOWN_TIMEOUT_MS } from "./shutdown.js";

type NodeRequest = IncomingMessage & { originalUrl?: string };
type Handler = (request: Request) => Promise<Response>;

/** Methods fetch's Request cannot even hold: answered here, before a Request is built. */
const UNSERVED = new Set(["CONNECT", "TRACE", "TRACK"]);

/**
 * The answer to such a method on `target`: what the handler answers there for a method no
 * operation has (OPTIONS without a preflight's header), so its mount (`prefix`), Host checks and
 * routes decide: 404 outside the API, else 405 with the path's methods as Allow.
 */
async function unserved(handler: Handler, req: NodeRequest, res: ServerResponse, target: string, method: string) {
  // A spec with an OPTIONS operation would forward the probe: then the table alone says.
  if (SPEC_METHODS.includes("OPTIONS")) {
    const path = apiPath(target.split("?")[0]);
    const methods = path === undefined ? [] : allowedMethods(path);
    return send(res, 405, "method_not_allowed", `${method} is not allowed.`, { allow: (methods.length ? methods : SPEC_METHODS).join(", ") });
  }
  const host = req.headers.host;
  let answer: Response;
  try {
    answer = await handler(new Request(`http://localhost${target}`, { method: "OPTIONS", headers: host === undefined ? {} : { host } }));
  } catch {
    return send(res, 400, "bad_request", "The request could not be read.");
  }
  if (answer.status !== 405) {
    res.writeHead(answer.status, Object.fromEntries(answer.headers));
    return void res.end(Buffer.from(await answer.arrayBuffer()));
  }
  await answer.body?.cancel();
  return send(res, 405, "method_not_allowed", `${method} is not allowed.`, { allow: answer.headers.get("allow") ?? SPEC_METHODS.join(", ") });
}

function send(res: ServerResponse, status: number, code: string, message: string, headers: Record<string, string> = {}) {
  if (res.headersSent) return void res.destroy();
  res.writeHead(status, { "content-type": "application/json", "x-content-type-options": "nosniff", ...headers }).end(errorBody(code, message));
}

export interface NodeHandlerOptions {
  /**
   * Told when the adapter itself fails (converting the request, writing the answer; the browser
   * gets `500 proxy_error`), with `kind: "node_adapter"`. Default: the onError of a handler made by
   * createMonetProxy, else one line on stderr (MONET_API_KEY redacted). An error it throws is ignored.
   */
  onError?: OnError;
}

/** The operation a request's method and path name, if any (wherever the API path starts in it). */
function operationOf(req: NodeRequest): OperationId | undefined {
  const path = apiPath((req.originalUrl ?? req.url ?? "").split("?")[0]);
  return path === undefined ? undefined : operationAt(path, req.method ?? "");
}

export function toNodeHandler(handler: Handler, options: NodeHandlerOptions = {}) {
  const report = options.onError ? failureReporter(undefined, options.onError) : (reporterOf(handler) ?? failureReporter(process.env.MONET_API_KEY, undefined));
  return async (req: NodeRequest, res: ServerResponse): Promise<void> => {
    try {
      await serve(handler, req, res);
    } catch (e) {
      // The browser gets a fixed message; the operator, the error (a listener must never throw).
      report(e, { kind: "node_adapter", operationId: operationOf(req) });
      try {
        send(res, 500, "proxy_error", "The proxy failed to answer this request.");
      } catch {
        res.destroy();
      }
    }
  };
}

async function serve(handler: Handler, req: NodeRequest, res: ServerResponse) {
  // Express strips its mount path from req.url; originalUrl keeps it (for the prefix option).
  const target = req.originalUrl ?? req.url ?? "";
  // Only a path (origin-form): an absolute URL ("GET http://evil/ HTTP/1.1") or "*" names no
  // API operation, and the upstream is fixed anyway.
  if (!target.startsWith("/")) return send(res, 400, "bad_request", "The request target must be a path (starting with /).");
  // RFC 9112 3.2: more than one Host is a 400. Node keeps the first, a front proxy or CDN may
  // keep the last: the two would disagree on the host that allowedHosts checked.
  if ((req.headersDistinct?.host?.length ?? 0) > 1) return send(res, 400, "bad_host", "The request has more than one Host header.");
  const method = req.method ?? "";
  if (UNSERVED.has(method)) return unserved(handler, req, res, target, method);
  const hasBody = method !== "GET" && method !== "HEAD";
  // A body parser mounted before the proxy has already read the stream: say so rather than
  // forward an empty body.
  if (hasBody && req.readableEnded) return send(res, 500, "body_consumed", "The request body was already read: mount the Monet proxy before any body parser.");

  const ctrl = new AbortController();
  res.on("close", () => ctrl.abort());
  let request: Request;
  try {
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined && !k.startsWith(":")) headers.set(k, Array.isArray(v) ? v.join(", ") : v);
    const scheme = (req.socket as { encrypted?: boolean }).encrypted ? "https" : "http";
    // A fixed origin, never the Host header: the handler routes on the path alone (it reads and
    // checks Host from the headers).
    request = new Request(`${scheme}://localhost${target}`, {
      method,
      headers,
      body: hasBody ? (Readable.toWeb(req) as ReadableStream) : undefined,
      signal: ctrl.signal,
      ...(hasBody ? { duplex: "half" } : {}),
    } as RequestInit);
  } catch {
    return send(res, 400, "bad_request", "The request could not be read.");
  }

  const response = await handler(request);
  const head: Record<string, string | string[]> = Object.fromEntries(response.headers);
  const cookies = response.headers.getSetCookie();
  if (cookies.length) head["set-cookie"] = cookies;
  // Answered before the body finished arriving (a 408 for a stalled upload, a 413, a refusal): the
  // rest of it is never read, so the connection closes once the answer is out instead of waiting
  // on the uploader.
  if (hasBody && !req.complete) head.connection = "close";
  res.writeHead(response.status, head);
  // Headers go out at once, so an event stream's client knows it is connected.
  res.flushHeaders();
  if (!response.body) return void res.end();
  // An event stream of the proxy's own: closeGracefully ends it with a last event at its deadline.
  // Node sets `server` on each socket it accepts.
  const end = endOnShutdown(response.body);
  const server = (req.socket as { server?: object }).server;
  if (end && server) {
    const closed = new Promise<void>((r) => res.once("close", r));
    const remove = streamOnServer(server, () => {
      end();
      return closed;
    });
    void closed.then(remove);
  }
  try {
    await pipeline(Readable.fromWeb(response.body as import("node:stream/web").ReadableStream), res);
  } catch {
    // Monet or the browser went away mid-body: nothing more can be said on this response.
    res.destroy();
  }
}

/** A raw answer on a socket no request listener will see (the request could not be parsed). */
function rawAnswer(socket: Duplex, status: number, code: string, message: string, headers = "") {
  const body = errorBody(code, message);
  socket.end(
    `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n${headers}connection: close\r\n\r\n${body}`,
  );
}

/**
 * Gives a server the proxy's JSON answers for what never reaches a request listener: CONNECT
 * (405), a request Node cannot parse (400), headers over the size limit (431). Node's own
 * defaults close these connections or answer without a body; neither crashes anything.
 */
export function guardServer<S extends http.Server>(server: S): S {
  server.on("connect", (_req: IncomingMessage, socket: Duplex) =>
    rawAnswer(socket, 405, "method_not_allowed", "CONNECT is not allowed.", `allow: ${SPEC_METHODS.join(", ")}\r\n`),
  );
  server.on("clientError", (err: NodeJS.ErrnoException, socket: Duplex) => {
    // A response already under way on this socket, or a socket already gone: just close it.
    const inFlight = (socket as Duplex & { _httpMessage?: ServerResponse })._httpMessage;
    if (!socket.writable || inFlight?.headersSent || err.code === "ECONNRESET") return void socket.destroy();
    if (err.code === "HPE_HEADER_OVERFLOW") return rawAnswer(socket, 431, "headers_too_large", "The request headers are too large.");
    if (err.code === "ERR_HTTP_REQUEST_TIMEOUT") return rawAnswer(socket, 408, "request_timeout", "The request took too long to arrive.");
    rawAnswer(socket, 400, "bad_request", "The request is not valid HTTP.");
  });
  return server;
}

/**
 * Node's own bound on a whole request (requestTimeout, 300 s) would cut an upload the client
 * still allows (10 minutes per attempt by default, longer when the app sets `timeout`) with a
 * 408 the client retries from zero: off here, so Monet and the client bound uploads. The
 * client's bound is not a public export, and the proxy has no runtime dependency to read it
 * from. Node derives headersTimeout from requestTimeout (min(60 s, it)), which would turn it off
 * too: it stays at Node's 60 s, so a request whose headers never finish is still ended (60 to
 * 90 s in: Node checks it every connectionsCheckingInterval, 30 s).
 */
const HEADERS_TIMEOUT_MS = 60_000;
const serverOptions = (options: http.ServerOptions): http.ServerOptions =>
  options.requestTimeout === undefined ? { requestTimeout: 0, headersTimeout: HEADERS_TIMEOUT_MS, ...options } : options;

/**
 * An http.Server serving the handler, with guardServer's answers: `createNodeServer(proxy).listen(3000)`.
 * For a proxy with neither `authorize` nor `allowedHosts`, `listen` without a host listens on
 * 127.0.0.1 only (pass one, e.g. "0.0.0.0" in a container, to listen on others).
 * `options` are Node's: a `requestTimeout` of your own bounds uploads again (with Node's headersTimeout, at most it).
 */
export function createNodeServer(handler: Handler, options: http.ServerOptions = {}): http.Server {
  const server = guardServer(http.createServer(serverOptions(options), toNodeHandler(handler)));
  // A proxy without authorize or allowedHosts stays on this machine unless listen names a host.
  return isGuarded(handler) ? server : listenOnLoopbackByDefault(server);
}
