// Whether `fetch` may answer a GET from a cache, which would freeze a poll loop: in a browser
// (its HTTP cache) and under Next.js, whose patched fetch keeps a data cache (it marks itself
// `__nextPatched`). Elsewhere (Node, Deno, Bun, Cloudflare Workers) fetch has no cache, and
// `cache: "no-store"` only adds two request headers or, in Workers before compatibility date
// 2024-11-11, throws on every call.
import { isBrowser } from "./browser.js";

export const fetchMayCache = (): boolean => isBrowser() || (globalThis.fetch as { __nextPatched?: unknown } | undefined)?.__nextPatched === true;
