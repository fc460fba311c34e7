// @monet-ai/proxy: call Monet from a browser without exposing the API key.

export type { CorsOptions } from "./cors.js";
export type { FailureKind, OnError, ProxyFailure } from "./failure-report.js";
export { createMonetProxy, type ProxyOptions } from "./handler.js";
export type { OperationId, ProxiedOperation } from "./routes.js";
