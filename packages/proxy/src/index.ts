// @monet-ai/proxy: call Monet from a browser without exposing the API key.
export { createMonetProxy, type ProxyOptions } from "./handler.js";
export type { CorsOptions } from "./cors.js";
