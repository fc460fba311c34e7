// What the operator is told of a failure the browser only gets a fixed message for (an
// `authorize` that threw, an upstream that could not be reached or went quiet): the browser
// never sees the error, and the server's log never sees the key.
import type { OperationId } from "./routes.js";

/**
 * Which failure: `authorize` threw or timed out, Monet could not be reached or did not answer in
 * time, Monet closed the connection while an upload was still going out, an answer's body was cut,
 * or the Node adapter (`toNodeHandler`) failed to convert the request or write the answer, or
 * an answer was not the API's (a content type or status it does not use: often a `baseUrl` aimed
 * at another server).
 */
export type FailureKind =
  | "authorize"
  | "authorize_timeout"
  | "unreachable"
  | "upstream_timeout"
  | "upload_refused"
  | "answer_cut"
  | "node_adapter"
  | "bad_answer";

export type ProxyFailure =
  | {
      kind: Exclude<FailureKind, "node_adapter">;
      /** The operation the request called. */
      operationId: OperationId;
    }
  | {
      kind: "node_adapter";
      /** The operation the request's method and path name, if they name one. */
      operationId?: OperationId;
    };

export type OnError = (error: unknown, failure: ProxyFailure) => void;

/**
 * Why `fetch` failed, as an operator searches for it: the first `code` down the cause chain
 * (`ECONNREFUSED`, `ENOTFOUND`, `UND_ERR_CONNECT_TIMEOUT`), else the innermost message. Node's
 * fetch says only "fetch failed" and puts the reason in `cause`.
 */
export function failureCause(error: unknown): string {
  let message = "";
  for (let e: unknown = error, depth = 0; e && typeof e === "object" && depth < 8; e = (e as { cause?: unknown }).cause, depth++) {
    const { code, message: m } = e as { code?: unknown; message?: unknown };
    if (typeof code === "string" && code) return code;
    if (typeof m === "string" && m) message = m;
  }
  return message || String(error);
}

/** The default: one line on stderr (console.error), the key (when known) replaced wherever it appears. */
const logFailure =
  (key: string | undefined): OnError =>
  (error, { kind, operationId }) => {
    const text = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
    console.error(`[monet-proxy] ${kind} (${operationId ?? "no operation"}): ${key ? text.replaceAll(key, "[redacted]") : text}`);
  };

/** A reporter that never throws into the request (a failing hook must not change the answer). */
export function failureReporter(key: string | undefined, onError: OnError | undefined): OnError {
  const hook = onError ?? logFailure(key);
  return (error, failure) => {
    try {
      hook(error, failure);
    } catch {}
  };
}

/**
 * Where a handler made by createMonetProxy carries its reporter (its options' onError, or the
 * default line with its key redacted), for the Node adapter to report its own failures the same
 * way. Symbol.for: the adapter may come from the package's other build (ESM or CommonJS).
 */
const REPORTER = Symbol.for("@monet-ai/proxy.reporter");
type Reporting = { [REPORTER]?: OnError };

export const withReporter = <H extends object>(handler: H, report: OnError): H => Object.defineProperty(handler, REPORTER, { value: report });

export const reporterOf = (handler: object): OnError | undefined => (handler as Reporting)[REPORTER];
