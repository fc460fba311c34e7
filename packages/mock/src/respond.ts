// Writing responses: JSON bodies, the spec's Error body, CORS headers, the request id.
import { type IncomingMessage, type OutgoingHttpHeader, type OutgoingHttpHeaders, ServerResponse } from "node:http";
import { Ids } from "./ids.js";
import { API_METHODS } from "./routes.js";

/**
 * The API's CORS: a page on any origin may call it with a key (no cookies are involved; the
 * README's "Security" says why that is the choice). Only methods that exist: the operations
 * table's (a preflight narrows them to its path's, see preflightHeaders).
 */
export const CORS_HEADERS = {
  "access-control-allow-origin": "*",
  "access-control-allow-methods": API_METHODS,
  "access-control-allow-headers": "authorization, content-type, accept, cache-control, last-event-id, x-requested-with",
  "access-control-expose-headers": "x-request-id, retry-after, retry-after-ms, content-length, x-monet-mock",
  "access-control-max-age": "600",
};

/** A list of header names as fetch sends it in Access-Control-Request-Headers (RFC 9110 tokens), bounded. */
const HEADER_LIST = /^[!#$%&'*+.^_`|~\w-]+(?:\s*,\s*[!#$%&'*+.^_`|~\w-]+)*$/;

/**
 * The API's preflight answer: the methods of the path (`methods`, from the operations table, as
 * its 405's Allow), and the headers the page asks for (its `defaultHeaders`, a monitoring SDK's
 * trace headers), so a custom header never breaks every call from a page. Only a well-formed
 * list of at most 2,000 characters is echoed; anything else gets the fixed list.
 */
export function preflightHeaders(asked: string | undefined, methods: string = API_METHODS): Record<string, string> {
  const list = asked?.trim() ?? "";
  const base = { ...CORS_HEADERS, "access-control-allow-methods": methods };
  if (!list || list.length > 2000 || !HEADER_LIST.test(list)) return base;
  return { ...base, "access-control-allow-headers": list, vary: "Access-Control-Request-Headers" };
}

/** Request ids of a response made outside a server's own class (see responseWith). */
const processIds = new Ids();

type Headers = OutgoingHttpHeaders | OutgoingHttpHeader[];
/** The headers with the id first, in the form they came in (an object, or a flat or paired list). */
const withId = (id: string, headers?: Headers): Headers => {
  if (!Array.isArray(headers)) return { "x-request-id": id, ...headers };
  return Array.isArray(headers[0]) ? [["x-request-id", id], ...headers] : ["x-request-id", id, ...headers];
};

/**
 * Every response of the mock: it has an `X-Request-Id`, which its error body repeats. The id goes
 * out with the head rather than through `setHeader` at the start: once one header is set that
 * way, Node merges every header of `writeHead` one by one, a cost each request pays.
 */
export class MockResponse<Request extends IncomingMessage = IncomingMessage> extends ServerResponse<Request> {
  readonly requestId = this.nextRequestId();

  /** The next request id; a server's own class (responseWith) takes it from that server's ids. */
  protected nextRequestId(): string {
    return processIds.requestId();
  }

  // Node's own implicit head (`end()` before `writeHead`) comes through here too.
  override writeHead(status: number, reason?: string | Headers, headers?: Headers): this {
    return typeof reason === "string"
      ? super.writeHead(status, reason, withId(this.requestId, headers))
      : super.writeHead(status, withId(this.requestId, reason));
  }

  /** The head, given headers that already start with this response's `x-request-id` (no second copy of them). */
  headWithId(status: number, headers: OutgoingHttpHeaders): this {
    return super.writeHead(status, headers);
  }
}

/** The response class of a server whose request ids come from `ids` (seeded: per server). */
export const responseWith = (ids: Ids): typeof MockResponse =>
  class<Request extends IncomingMessage = IncomingMessage> extends MockResponse<Request> {
    protected override nextRequestId() {
      return ids.requestId();
    }
  };

export function sendJson(res: MockResponse, status: number, body: unknown, headers: Record<string, string> = CORS_HEADERS) {
  const text = JSON.stringify(body);
  res.headWithId(status, { "x-request-id": res.requestId, ...headers, "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

export interface ErrorExtra {
  details?: { field: string; message: string }[];
  /** Headers beside the content type: by default the API's CORS headers. */
  headers?: Record<string, string>;
}

export function sendError(res: MockResponse, status: number, code: string, message: string, extra: ErrorExtra = {}) {
  const { requestId } = res;
  sendJson(
    res,
    status,
    { error: { code, message, request_id: requestId, ...(extra.details ? { details: extra.details } : {}) } },
    extra.headers ?? CORS_HEADERS,
  );
}
