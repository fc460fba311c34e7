// A standard (Request) => Response handler that lets a browser call Monet without ever holding
// the key: it forwards exactly the API's operations, adds the key from the server, and streams
// uploads and server-sent events through unbuffered.
import { BODY_IDLE_TIMEOUT_MS, MAX_BODY_BYTES, sizeOption, tooLargeMessage } from "./body-limits.js";
import { type CorsOptions, corsHeaders, FORWARDED_REQUEST_HEADERS, isCrossOrigin, originAllowed, preflightHeaders } from "./cors.js";
import { errorResponse as json } from "./errors.js";
import { failureCause, failureReporter, type OnError, withReporter } from "./failure-report.js";
import { hostMatcher, loopbackOrIpHost, validHost } from "./host.js";
import { markGuarded } from "./local-only.js";
import { quietLimit } from "./quiet-stream.js";
import { apiPath, OPERATION_IDS, type OperationId, operationsAt, type ProxiedOperation, wellEncoded } from "./routes.js";
import {
  capOption,
  STREAM_IDLE_TIMEOUT_MS,
  STREAM_KEEP_ALIVE_MS,
  seconds,
  TIMED_OUT,
  timeLimitOption,
  UPSTREAM_SEND_TIMEOUT_MS,
  UPSTREAM_TIMEOUT_MS,
  within,
} from "./time-limits.js";
import { watchUpload } from "./upload-progress.js";
import { browserResponse } from "./upstream-response.js";
import { upstreamSlots } from "./upstream-slots.js";

export interface ProxyOptions {
  /** Default: the MONET_API_KEY environment variable of the server. */
  apiKey?: string;
  /** Where Monet is (default MONET_BASE_URL, else https://monet.vision; a mock's URL in development). */
  baseUrl?: string;
  /**
   * Where the handler is mounted (e.g. "/api/monet"): only paths below it are served, with it
   * stripped. Default: the API path is found wherever it starts (at "/api/v1/").
   */
  prefix?: string;
  /**
   * The operations forwarded (default: every operation of the spec, including any it adds later).
   * Every task belongs to the server's one key: in an app with many users, leave out `listTasks`
   * (it lists every user's tasks) and check in `authorize` that a `getTask` names the user's own.
   * Any other operation is answered 404, as a path that is not the API's.
   */
  operations?: readonly OperationId[];
  /**
   * Your own auth and limits, run before anything is forwarded, with the operation the request
   * calls and its path parameters (`{ operationId: "getTask", params: { taskId } }`): return
   * false (403) or a Response of your own to refuse; a refused call never reaches Monet. The
   * request's body is the one forwarded: read a clone (`await request.clone().json()`), never the
   * request itself (then `500 authorize_failed`, onError saying so).
   */
  authorize?: (request: Request, operation: ProxiedOperation) => boolean | Response | Promise<boolean | Response>;
  /** Pages on other origins allowed to call the proxy. Default: same origin only. */
  cors?: CorsOptions;
  /**
   * The Host names the app is served under (DNS-rebinding protection): "app.example" allows that
   * name on any port, "localhost:3000" that port only. Any other Host is answered 421. Default:
   * with `authorize`, any well-formed Host; without it, only loopback names (`localhost`,
   * `*.localhost`) and IP literals, so a proxy holding a key for no one in particular cannot be
   * called from a DNS-rebinding page.
   */
  allowedHosts?: readonly string[];
  /**
   * ms Monet has to send its answer's headers, counted from the request body's last byte (an
   * upload takes as long as it takes): past it, `504 gateway_timeout`. Default 60 s; 0: none.
   */
  upstreamTimeout?: number;
  /**
   * ms Monet may leave a request body's next piece untaken once it took the last one (as nginx's
   * proxy_send_timeout, between two writes): past it, `504 gateway_timeout`, the call dropped and
   * its slot freed. An upstream that never reads an upload held both for ever. Default 60 s; 0: none.
   */
  upstreamSendTimeout?: number;
  /**
   * ms of silence from Monet allowed inside an answer's body (an event stream between events)
   * while the browser waits for more: past it the answer ends in error, an event stream after an
   * `event: error`. Default 240 s; 0: none (undici's own 300 s then still applies).
   */
  streamIdleTimeout?: number;
  /**
   * ms between `: keep-alive` comment lines sent to the browser while an event stream from Monet
   * is quiet (a long task may stay on one progress value for minutes): the browser, the client's
   * idle limit and load balancers see a live stream. Default 15 s; 0: none.
   */
  streamKeepAlive?: number;
  /**
   * ms a request body may send nothing while the proxy waits for it (between two reads, so a slow
   * upload that keeps moving is never cut): past it, `408 request_timeout`, the call to Monet is
   * dropped and its slot freed. Default 60 s; 0: none.
   */
  bodyIdleTimeout?: number;
  /**
   * The largest request body forwarded, in bytes: a larger `Content-Length` is answered
   * `413 body_too_large` before anything is forwarded, a body that grows past it is stopped with the
   * same answer. Default: the largest upload the API accepts (the spec's), plus its multipart envelope.
   */
  maxBodyBytes?: number;
  /** ms `authorize` may take: past it, `503 authorize_timeout` and nothing is forwarded. Default: none. */
  authorizeTimeout?: number;
  /**
   * Requests to Monet at once (an event stream counts until it ends): one more is answered
   * `503 proxy_busy` with `Retry-After: 1`, never forwarded. Default: no cap.
   */
  maxConcurrentRequests?: number;
  /**
   * Told of each failure the browser gets only a fixed message for: `authorize` threw
   * (`kind: "authorize"`, answered `500 authorize_failed`) or timed out, Monet could not be
   * reached or did not answer in time, an answer's body was cut, the Node adapter (`toNodeHandler`,
   * `createNodeServer`) could not convert the request or write the answer (`500 proxy_error`).
   * Default: one line on stderr (`console.error`), the key redacted. An error it throws is ignored.
   */
  onError?: OnError;
  fetch?: typeof fetch;
}

/** An HTTP method name (RFC 9110 token): what a preflight may echo as allowed. */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** The CORS headers of the cross_origin refusal: any page may read that it was refused, and nothing else. */
const REFUSAL_CORS = { "access-control-allow-origin": "*", vary: "Origin" };

/**
 * Where Monet is, checked at start-up: an absolute http(s) URL with no user, query or fragment, its
 * trailing slashes cut (each API path is appended). A typo answered 502 to every request; a URL
 * with a user name would send it beside the key.
 */
function baseUrlOf(value: string, name: string): string {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {}
  if (!url || !/^https?:$/.test(url.protocol) || url.username || url.password || url.search || url.hash)
    throw new Error(
      `The Monet proxy's ${name} must be an http(s) URL such as https://monet.vision (a mock: http://127.0.0.1:4020), got ${JSON.stringify(value)}.`,
    );
  return url.href.replace(/\/+$/, "");
}

const mib = (bytes: number) => `${Math.round((bytes / 2 ** 20) * 10) / 10} MiB`;
/** What the proxy knows of an upload Monet stopped taking: how much went, of how much. */
const uploadRefused = (sent: number, length: string | null) =>
  `Monet closed the connection while this upload was being sent (${mib(sent)}${length && Number(length) > 0 ? ` of ${mib(Number(length))}` : ""} had gone out), without an answer: most often the file is larger than Monet accepts.`;

const READ_BODY =
  "authorize read the request body, which the proxy forwards as it arrives: read a copy instead, (await req.clone().json()), or decide from the headers (cloning an upload keeps it in memory until forwarded).";

const env = (name: string) => (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.[name];

export function createMonetProxy(options: ProxyOptions = {}): (request: Request) => Promise<Response> {
  const key = options.apiKey ?? env("MONET_API_KEY");
  if (!key) throw new Error("Missing API key for the Monet proxy: set MONET_API_KEY on the server, or pass { apiKey }.");
  const base = baseUrlOf(options.baseUrl ?? env("MONET_BASE_URL") ?? "https://monet.vision", options.baseUrl === undefined ? "MONET_BASE_URL" : "baseUrl");
  const doFetch = options.fetch ?? ((...a: Parameters<typeof fetch>) => globalThis.fetch(...a));
  const { cors } = options;
  // Guarded: the app said who may call (authorize) or under which names (allowedHosts).
  const guarded = Boolean(options.authorize || options.allowedHosts);
  const hostAllowed = options.allowedHosts ? hostMatcher(options.allowedHosts) : options.authorize ? undefined : loopbackOrIpHost;
  // "*" is no wildcard here (an origin is listed, or a predicate decides): it allowed nothing, silently.
  const origins = typeof cors?.origin === "function" ? [] : [cors?.origin ?? []].flat();
  if (origins.includes("*"))
    throw new Error('The Monet proxy\'s cors.origin "*" is not a wildcard: list the origins, e.g. ["https://app.example"], or pass (origin) => boolean.');
  const unknown = options.operations?.filter((id) => !OPERATION_IDS.includes(id));
  if (unknown?.length) throw new Error(`Unknown operations for the Monet proxy: ${unknown.join(", ")} (the API's: ${OPERATION_IDS.join(", ")}).`);
  const forwarded: ReadonlySet<OperationId> = new Set(options.operations ?? OPERATION_IDS);
  const upstreamMs = timeLimitOption("upstreamTimeout", options.upstreamTimeout, UPSTREAM_TIMEOUT_MS);
  const idleMs = timeLimitOption("streamIdleTimeout", options.streamIdleTimeout, STREAM_IDLE_TIMEOUT_MS);
  const keepAliveMs = timeLimitOption("streamKeepAlive", options.streamKeepAlive, STREAM_KEEP_ALIVE_MS);
  const authorizeMs = timeLimitOption("authorizeTimeout", options.authorizeTimeout, 0);
  const bodyLimits = {
    idleMs: timeLimitOption("bodyIdleTimeout", options.bodyIdleTimeout, BODY_IDLE_TIMEOUT_MS),
    maxBytes: sizeOption("maxBodyBytes", options.maxBodyBytes, MAX_BODY_BYTES),
    sendMs: timeLimitOption("upstreamSendTimeout", options.upstreamSendTimeout, UPSTREAM_SEND_TIMEOUT_MS),
  };
  const report = failureReporter(key, options.onError);
  const slots = upstreamSlots(capOption("maxConcurrentRequests", options.maxConcurrentRequests));

  const handler = withReporter(async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const host = request.headers.get("host");
    // Checked first, in every runtime: a Host such as "x/api/v1/files?" must not reach code (a
    // framework's, or the app's) that builds a URL from it.
    if (host !== null && !validHost(host)) return json(400, "bad_host", "The Host header must be a host name with an optional port.");
    const origin = request.headers.get("origin");
    const crossOrigin = isCrossOrigin(request, url);
    const allowed = crossOrigin && originAllowed(cors, origin);
    // A page `cors` lists reads every answer of the proxy's own, refusals included (fixed messages,
    // nothing forwarded): without these headers it saw only "Failed to fetch" for a typo'd path.
    const withCors = (response: Response) => {
      if (!allowed || !cors || !origin) return response;
      const out = new Response(response.body, response);
      for (const [h, v] of Object.entries(corsHeaders(cors, origin))) out.headers.set(h, v);
      return out;
    };
    const path = wellEncoded(url.pathname) ? apiPath(url.pathname, options.prefix) : undefined;
    const at = path === undefined ? new Map<string, ProxiedOperation>() : operationsAt(path, forwarded);
    const methods = [...at.keys()];
    // CORS preflight: answered here (never forwarded), and only when the app configured CORS. For a
    // listed origin it passes even a call the proxy will refuse itself (a path or method that is not
    // the API's, a Host outside allowedHosts), so the page reads that refusal; nothing is forwarded
    // on its strength.
    if (cors && request.method === "OPTIONS" && request.headers.has("access-control-request-method")) {
      if (!originAllowed(cors, origin)) return json(403, "cross_origin", "This origin may not call the proxy.");
      const asked = request.headers.get("access-control-request-method") ?? "";
      const passed = methods.includes(asked) || !TOKEN.test(asked) ? methods : [...methods, asked];
      return new Response(null, { status: 204, headers: preflightHeaders(cors, origin, passed) });
    }
    if (hostAllowed && !hostAllowed(options.allowedHosts ? host : (host ?? url.host)))
      return withCors(
        json(
          421,
          "misdirected_request",
          options.allowedHosts
            ? "This server does not answer for that Host (allowedHosts)."
            : "This proxy has no authorize and no allowedHosts, so it answers only localhost and IP addresses: list the names your app is served under in allowedHosts (DNS-rebinding protection).",
        ),
      );
    if (!wellEncoded(url.pathname)) return withCors(json(400, "bad_request", "The request path holds a malformed percent-encoding."));
    if (!methods.length) return withCors(json(404, "not_found", `Not a Monet API operation: ${url.pathname}`));

    if (!methods.includes(request.method))
      return withCors(json(405, "method_not_allowed", `${request.method} is not allowed on ${path}`, { allow: methods.join(", ") }));
    // Refused, but readable by the refused page (`*`, never its origin, and no credentials): the
    // developer sees this message instead of a bare "Failed to fetch". It says nothing secret.
    if (crossOrigin && !allowed) return json(403, "cross_origin", "This origin may not call the proxy: list it in the proxy's cors option.", REFUSAL_CORS);
    // An origin listed without `credentials` calls without the user's cookies. One that sends them
    // anyway (the page's `credentials: "include"`) would be acted on with the user's session while
    // the browser hides the answer: refused before `authorize` reads the session.
    if (crossOrigin && !cors?.credentials && request.headers.has("cookie"))
      return json(
        403,
        "credentials_not_allowed",
        "This origin may not send cookies to the proxy: set credentials: true in the proxy's cors option to allow it.",
      );

    // A body declared too large is refused before authorize, a slot or Monet spend anything on it.
    if (Number(request.headers.get("content-length")) > bodyLimits.maxBytes) return withCors(json(413, "body_too_large", tooLargeMessage(bodyLimits.maxBytes)));

    const operation = at.get(request.method) as ProxiedOperation;
    const { operationId } = operation;
    if (options.authorize) {
      let verdict: boolean | Response;
      try {
        verdict = await within(options.authorize(request, operation), authorizeMs);
      } catch (e) {
        // Its error goes to onError only: it may hold anything (a database URL), and a framework
        // would render a rejection in development.
        if (e !== TIMED_OUT) {
          report(e, { kind: "authorize", operationId });
          return withCors(json(500, "authorize_failed", "This server's authorization check failed."));
        }
        report(new Error(`authorize did not answer within ${seconds(authorizeMs)}`), { kind: "authorize_timeout", operationId });
        return withCors(json(503, "authorize_timeout", `This server's authorization check did not answer within ${seconds(authorizeMs)}.`));
      }
      if (verdict instanceof Response) return withCors(verdict);
      if (!verdict) return withCors(json(403, "forbidden", "Not allowed by this server."));
      // The body is the upload still to forward, streamed as it arrives: an authorize that read it
      // left nothing to send (the Node adapter then failed, blamed for it).
      if (request.bodyUsed || request.body?.locked) {
        report(new Error(READ_BODY), { kind: "authorize", operationId });
        return withCors(json(500, "authorize_failed", "This server's authorization check failed."));
      }
    }

    const release = slots.take();
    if (!release)
      return withCors(json(503, "proxy_busy", "This server is sending as many requests to Monet as it allows: retry shortly.", { "retry-after": "1" }));
    request.signal.addEventListener("abort", release, { once: true });
    const headers = new Headers();
    for (const h of FORWARDED_REQUEST_HEADERS) {
      const v = request.headers.get(h);
      if (v !== null) headers.set(h, v);
    }
    headers.set("authorization", `Bearer ${key}`);
    // Monet's time to answer runs from the request body's last byte: an upload is never cut here.
    const late = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let answered = false;
    // Not once Monet has answered (early, while the body was still going out): the clock would
    // later abort the answer's body.
    const startClock = () => {
      if (upstreamMs && !answered) timer = setTimeout(() => late.abort(TIMED_OUT), upstreamMs);
    };
    let upload: ReturnType<typeof watchUpload> | undefined;
    if (request.method !== "GET" && request.method !== "HEAD" && request.body) upload = watchUpload(request.body, startClock, bodyLimits);
    else startClock();
    let upstream: Response;
    try {
      upstream = await doFetch(`${base}${path}${url.search}`, {
        method: request.method,
        headers,
        // The body streams through as it arrives (never read whole here).
        body: upload?.body,
        signal: AbortSignal.any([request.signal, late.signal, ...(upload ? [upload.stalled] : [])]),
        // "error", not "manual": any other mode makes Node's fetch (undici before 8.6, bundled
        // with Node 20 and 22) tee a stream body for a replay it can never do, holding the whole
        // upload in memory (nodejs/undici#4058). The API does not redirect; a redirect is a 502.
        redirect: "error",
        ...(upload ? { duplex: "half" } : {}),
      } as RequestInit);
    } catch (e) {
      release();
      // The uploader stalled or sent too much: its answer, not Monet's failure.
      if (upload?.progress.stopped === "idle")
        return withCors(json(408, "request_timeout", `The request body sent nothing for ${seconds(bodyLimits.idleMs)} (bodyIdleTimeout).`));
      if (upload?.progress.stopped === "too_large") return withCors(json(413, "body_too_large", tooLargeMessage(bodyLimits.maxBytes)));
      if (upload?.progress.stopped === "upstream_stalled") {
        const message = `Monet took none of the request body for ${seconds(bodyLimits.sendMs)} (upstreamSendTimeout).`;
        report(new Error(message), { kind: "upstream_timeout", operationId });
        return withCors(json(504, "gateway_timeout", message));
      }
      if (late.signal.aborted) {
        report(new Error(`Monet did not answer within ${seconds(upstreamMs)}`), { kind: "upstream_timeout", operationId });
        return withCors(json(504, "gateway_timeout", `Monet did not answer within ${seconds(upstreamMs)}.`));
      }
      // Monet took part of the body, then closed the connection without an answer the proxy
      // could read: an upstream refusing an oversized body answers 413 and closes, and the reset
      // of the bytes still arriving loses that answer. A 413 says so, and the client does not
      // send the whole file again (a 502 it retried, three times the file in all).
      const length = request.headers.get("content-length");
      const sent = upload?.progress.sent ?? 0;
      // Not when all of a declared body went out (only its end was not read yet).
      const cut = upload && sent > 0 && !upload.progress.ended && (length === null || sent < Number(length));
      if (cut && !request.signal.aborted) {
        report(e, { kind: "upload_refused", operationId });
        return withCors(json(413, "upload_refused", uploadRefused(sent, length)));
      }
      // A browser that left is no failure of the proxy's. The operator's line names where Monet
      // was looked for and why it failed ("fetch failed" alone named neither).
      if (!request.signal.aborted)
        report(new Error(`Monet could not be reached at ${base}${path}: ${failureCause(e)}`, { cause: e }), { kind: "unreachable", operationId });
      return withCors(json(502, "bad_gateway", "Monet could not be reached."));
    } finally {
      answered = true;
      upload?.answered();
      clearTimeout(timer);
    }
    const answer = browserResponse(upstream, key, (detail) =>
      report(new Error(`Monet at ${base}${path} answered ${detail}`), { kind: "bad_answer", operationId }),
    );
    if (!answer.body) {
      release();
      return withCors(answer);
    }
    const events = /^text\/event-stream/i.test(answer.headers.get("content-type") ?? "");
    return withCors(
      new Response(
        quietLimit(answer.body, {
          ms: idleMs,
          events,
          keepAliveMs,
          onEnd: release,
          onCut: (e) => request.signal.aborted || report(e, { kind: "answer_cut", operationId }),
        }),
        answer,
      ),
    );
  }, report);
  return guarded ? markGuarded(handler) : handler;
}
