// The headers of Monet's answer that the browser gets, and a page on another origin may read.
import { responseHeaders } from "./generated/headers.gen.js";

/**
 * The spec's response headers (generated), and `Retry-After-Ms`: openai's finer retry hint, which
 * the client prefers to `Retry-After` and the mock sends. Not the API's own (the spec does not
 * name it), so passed on only as the client's hint: dropped, a page retried a 429 later through
 * the proxy than it did against the mock.
 */
export const ANSWER_HEADERS: readonly string[] = [...responseHeaders, "retry-after-ms"];
