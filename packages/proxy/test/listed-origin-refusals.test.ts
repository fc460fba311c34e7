// A page on an origin `cors` lists reads every refusal of the proxy's own in Chromium: a path
// that is not the API's (a typo'd baseUrl), an operation left out of `operations`, a method the
// path lacks, a Host outside `allowedHosts`, whether the call is simple (GET) or preflighted (a
// JSON POST). Before, these came back without CORS headers (or failed their preflight), so the
// page saw only "Failed to fetch" while an origin the proxy does not list could read its 403.
// Nothing of these reaches Monet.
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { clientBundle, launch, watchedPage } from "../../../test/support/browser.ts";
import { createMonetProxy } from "../src/index.js";
import { toNodeHandler } from "../src/node.js";
import { closeServers, servePage } from "./support/app-page.ts";

let browser: Browser;
let bundle: Awaited<ReturnType<typeof clientBundle>>;
let proxyServer: http.Server;
let appServer: http.Server;
/** Calls that reached "Monet" (the proxy's fetch). */
const forwarded: string[] = [];

beforeAll(async () => {
  bundle = await clientBundle();
  let appOrigin = "";
  const options = {
    apiKey: "monet_listed_origin_SECRET_4455",
    baseUrl: "http://127.0.0.1:9",
    cors: { origin: (o: string) => o === appOrigin },
    fetch: (async (input: RequestInfo | URL) => {
      forwarded.push(String(input));
      return new Response("{}", { headers: { "content-type": "application/json" } });
    }) as typeof fetch,
  };
  const some = toNodeHandler(createMonetProxy({ ...options, prefix: "/some", operations: ["createTask"] }));
  const named = toNodeHandler(createMonetProxy({ ...options, prefix: "/named", allowedHosts: ["localhost"] }));
  proxyServer = http.createServer((req, res) => (req.url?.startsWith("/some/") ? some(req, res) : named(req, res)));
  await new Promise<void>((r) => proxyServer.listen(0, "127.0.0.1", r));
  const proxyUrl = `http://127.0.0.1:${(proxyServer.address() as AddressInfo).port}`;
  const page = `<!doctype html><meta charset="utf-8"><script type="module">
  import { Monet } from "/client/index.js";
  const out = {};
  const err = (e) => e.name + " " + e.status + ": " + e.message;
  const read = (r) => r.text().then((t) => r.status + " " + t, String);
  const json = { "content-type": "application/json" };
  try {
    const some = new Monet({ baseUrl: "${proxyUrl}/some", apiKey: null, maxRetries: 0 });
    out.leftOut = await some.tasks.list().then(() => "read", err);
    out.typo = await fetch("${proxyUrl}/some/api/v1/admin").then(read, String);
    out.typoPost = await fetch("${proxyUrl}/some/api/v2/tasks/async", { method: "POST", headers: json, body: "{}" }).then(read, String);
    out.method = await fetch("${proxyUrl}/some/api/v1/tasks/async", { method: "DELETE" }).then(read, String);
    const named = new Monet({ baseUrl: "${proxyUrl}/named", apiKey: null, maxRetries: 0 });
    out.host = await named.tasks.create({ type: "image", input: { model: "flux-2-dev", prompt: "x" } }).then(() => "created", err);
    out.hostGet = await fetch("${proxyUrl}/named/api/v1/tasks/list").then(read, String);
  } catch (e) { out.error = String(e && e.stack || e); }
  window.__result = out;
</script>`;
  appServer = await servePage(bundle, () => page);
  appOrigin = `http://localhost:${(appServer.address() as AddressInfo).port}`;
  browser = await launch();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  closeServers(proxyServer, appServer);
  bundle?.cleanup();
});

test("a listed origin reads the proxy's 404, 405 and 421, simple or preflighted, and nothing is forwarded", async () => {
  const w = await watchedPage(browser);
  await w.page.goto(`http://localhost:${(appServer.address() as AddressInfo).port}/`);
  const r = (await (await w.page.waitForFunction(() => (window as { __result?: unknown }).__result, undefined, { timeout: 90_000 })).jsonValue()) as Record<
    string,
    string
  >;
  expect(r.error).toBeUndefined();
  expect(r.leftOut).toBe("NotFoundError 404: Not a Monet API operation: /some/api/v1/tasks/list");
  expect(r.typo).toBe('404 {"error":{"code":"not_found","message":"Not a Monet API operation: /some/api/v1/admin"}}');
  expect(r.typoPost).toBe('404 {"error":{"code":"not_found","message":"Not a Monet API operation: /some/api/v2/tasks/async"}}');
  expect(r.method).toBe('405 {"error":{"code":"method_not_allowed","message":"DELETE is not allowed on /api/v1/tasks/async"}}');
  expect(r.host).toMatch(/^\S+ 421: This server does not answer for that Host \(allowedHosts\)\.$/);
  expect(r.hostGet).toBe('421 {"error":{"code":"misdirected_request","message":"This server does not answer for that Host (allowedHosts)."}}');
  expect(forwarded).toEqual([]);
  expect(w.external).toEqual([]);
}, 120_000);
