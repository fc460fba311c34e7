// The one check for "visitors can read this code's memory": a page (it has a `document`) or a
// browser Worker, dedicated, shared or service (no `document`, but every one of them, classic or
// module, has `importScripts`). Server runtimes (Node, Deno, Bun, Cloudflare Workers) have
// neither, so they are never taken for a browser.
export const isBrowser = (): boolean => "document" in globalThis || "importScripts" in globalThis;
