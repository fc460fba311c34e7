// What the operator is told of a failure the browser only gets a fixed message for (an
// `authorize` that threw, an upstream that could not be reached or went quiet): the browser
// never sees the error, and the server's log never sees the key.
import type { OperationId } from "./routes.js";

/**
 * Which failure: `authorize` threw or timed out, Monet could not be reached or did not answer in
 * time, Monet closed the connection while an upload was still going out, an answer's body was cut.
 */
export type FailureKind = "authorize" | "authorize_timeout" | "unreachable" | "upstream_timeout" | "upload_refused" | "answer_cut";

export interface ProxyFailure {
  kind: FailureKind;
  /** The operation the request called. */
  operationId: OperationId;
}

export type OnError = (error: unknown, failure: ProxyFailure) => void;

/** The default: one line on stderr (console.error), the key replaced wherever it appears. */
const logFailure =
  (key: string): OnError =>
  (error, { kind, operationId }) => {
    const text = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
    console.error(`[monet-proxy] ${kind} (${operationId}): ${text.replaceAll(key, "[redacted]")}`);
  };

/** A reporter that never throws into the request (a failing hook must not change the answer). */
export function failureReporter(key: string, onError: OnError | undefined): OnError {
  const hook = onError ?? logFailure(key);
  return (error, failure) => {
    try {
      hook(error, failure);
    } catch {}
  };
}
