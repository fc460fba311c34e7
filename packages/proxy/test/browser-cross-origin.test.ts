// A page on another origin than the proxy, in headless Chromium, with the client's published
// build: a proxy with `cors: { credentials: true }` and a cookie-checking `authorize` works with
// the client's `credentials: "include"` (create, wait's polls, stream, upload, list), and a proxy
// that does not list the page refuses it with a 403 the page can read, carrying no key. The
// client's browser messages (a missing key, "Failed to fetch", an unlisted output) fit a page.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { type MockServer, startMockServer } from "@monet-ai/mock";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { clientBundle, launch, watchedPage } from "../../../test/support/browser.ts";
import { freePort } from "../../../test/support/ports.ts";
import { createMonetProxy } from "../src/index.js";
import { toNodeHandler } from "../src/node.js";
import { closeServers, servePage } from "./support/app-page.ts";

const KEY = "monet_server_side_SECRET_7788";
let mock: MockServer;
let proxyServer: http.Server;
let appServer: http.Server;
let browser: Browser;
let bundle: Awaited<ReturnType<typeof clientBundle>>;
let proxyUrl: string;
let appUrl: string;
let closedPort: number;
/** What reached the cookie-checking proxy's authorize, and what it let through. */
const sessions: string[] = [];

const page = () => `<!doctype html><meta charset="utf-8"><script type="module">
  import { Monet } from "/client/index.js";
  const out = (window.__progress = {});
  const err = (e) => e.name + " " + (e.code ?? "") + " " + e.status + ": " + e.message;
  try {
    const session = new Monet({ baseUrl: "${proxyUrl}/session", apiKey: null, credentials: "include" });
    const done = await session.tasks.run({ type: "image", input: { model: "flux-2-dev", prompt: "x" } }, { pollInterval: 50 });
    out.run = done.status;
    out.events = [];
    for await (const e of session.tasks.stream({ type: "image", input: { model: "flux-2-dev", prompt: "y" } })) out.events.push(e.event);
    out.uploaded = (await session.files.upload(new Blob(["hello"]), { filename: "h.txt" })).size;
    out.total = (await session.tasks.list()).total;
    // As the README showed it before: no credentials option, so no cookie and a 403 from authorize.
    out.withoutCredentials = await new Monet({ baseUrl: "${proxyUrl}/session", apiKey: null, maxRetries: 0 }).tasks.list().then(() => "read", err);
    // A proxy that does not list this page's origin: its refusal is readable.
    out.unlisted = await new Monet({ baseUrl: "${proxyUrl}/closed", apiKey: null, maxRetries: 0 }).tasks.list().then(() => "read", err);
    // The same refusal to a page that sends cookies: the browser hides a "*" answer from it (README).
    out.unlistedWithCookies = await new Monet({ baseUrl: "${proxyUrl}/closed", apiKey: null, maxRetries: 0, credentials: "include" }).tasks.list().then(() => "read", err);
    out.unlistedRaw = await fetch("${proxyUrl}/closed/api/v1/tasks/list").then(async (r) => ({ status: r.status, body: await r.text(), headers: [...r.headers] }), (e) => String(e));
    // Nothing listening: fetch says only "Failed to fetch"; the client names the usual causes.
    out.closedPort = await new Monet({ baseUrl: "http://127.0.0.1:${closedPort}", apiKey: null, maxRetries: 0 }).tasks.list().then(() => "read", err);
    // A key left out in a page: the fix is apiKey: null, not an environment variable.
    try { new Monet({ baseUrl: "/api/monet" }); out.missingKey = "no error"; } catch (e) { out.missingKey = e.message; }
  } catch (e) { out.error = String(e && e.stack || e); }
  window.__result = out;
</script>`;

beforeAll(async () => {
  mock = await startMockServer({ port: 0, taskDuration: 200 });
  bundle = await clientBundle();
  closedPort = await freePort();
  // The page's origin is filled in once the app listens (its port is not known before).
  let appOrigin = "";
  const session = toNodeHandler(
    createMonetProxy({
      apiKey: KEY,
      baseUrl: mock.url,
      prefix: "/session",
      cors: { origin: (o) => o === appOrigin, credentials: true },
      authorize: (req) => {
        const cookie = req.headers.get("cookie") ?? "";
        sessions.push(cookie);
        return /(^|; )session=alice(;|$)/.test(cookie);
      },
    }),
  );
  const closed = toNodeHandler(createMonetProxy({ apiKey: KEY, baseUrl: mock.url, prefix: "/closed" }));
  proxyServer = http.createServer((req, res) => (req.url?.startsWith("/session/") ? session(req, res) : closed(req, res)));
  await new Promise<void>((r) => proxyServer.listen(0, "127.0.0.1", r));
  // The proxy and the page on 127.0.0.1, on two ports: the same site (so a Lax cookie may go)
  // but another origin, so fetch sends it only when the client asks (and the proxy allows it).
  proxyUrl = `http://127.0.0.1:${(proxyServer.address() as AddressInfo).port}`;
  appServer = await servePage(bundle, page);
  appUrl = `http://127.0.0.1:${(appServer.address() as AddressInfo).port}`;
  appOrigin = appUrl;
  browser = await launch();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  closeServers(proxyServer, appServer);
  await mock?.close();
  bundle?.cleanup();
});

test("a page on another origin uses a cookie-checking proxy with credentials: include, and reads a refusal", async () => {
  const w = await watchedPage(browser);
  const seen: string[] = [];
  w.page.on("response", async (r) => seen.push(JSON.stringify(r.headers()) + (await r.text().catch(() => ""))));
  // The session the app's login set (cookies are per host, not per port).
  await w.page.context().addCookies([{ name: "session", value: "alice", url: proxyUrl, sameSite: "Lax" }]);
  await w.page.goto(`${appUrl}/`);
  const r = (await w.page
    .waitForFunction(() => (window as { __result?: unknown }).__result, undefined, { timeout: 90_000 })
    .then(
      (h) => h.jsonValue(),
      async (e) => expect.fail(`${e}; got as far as ${JSON.stringify(await w.page.evaluate(() => (window as { __progress?: unknown }).__progress))}`),
    )) as Record<string, any>;
  expect(r.error).toBeUndefined();
  // Every kind of request carried the session: create, wait's polls, the stream, the upload, the list.
  expect(r.run).toBe("success");
  expect(r.events.at(-1)).toBe("success");
  expect(r.uploaded).toBe(5);
  expect(r.total).toBe(2);
  expect(sessions.filter((c) => c.includes("session=alice")).length).toBeGreaterThanOrEqual(5);
  expect(r.withoutCredentials).toBe("PermissionDeniedError forbidden 403: Not allowed by this server.");
  // The unlisted origin reads the proxy's own explanation, not a network error.
  expect(r.unlisted).toBe("PermissionDeniedError cross_origin 403: This origin may not call the proxy: list it in the proxy's cors option.");
  expect(r.unlistedWithCookies).toBe(
    `APIConnectionError  undefined: Connection failed: GET ${proxyUrl}/closed/api/v1/tasks/list: Failed to fetch (usually a CORS refusal or a closed port)`,
  );
  expect(r.unlistedRaw.status).toBe(403);
  const headers = new Map(r.unlistedRaw.headers as [string, string][]);
  expect(headers.get("access-control-allow-origin")).toBeUndefined(); // scripts never see CORS headers themselves
  expect(r.closedPort).toBe(
    `APIConnectionError  undefined: Connection failed: GET http://127.0.0.1:${closedPort}/api/v1/tasks/list: Failed to fetch (usually a CORS refusal or a closed port)`,
  );
  expect(r.missingKey).toBe("Missing API key: use a server proxy (apiKey: null) or dangerouslyAllowBrowser: true");
  // The key never reached the page, in any header or body.
  expect(seen.length).toBeGreaterThan(5);
  expect(seen.filter((s) => s.includes(KEY))).toEqual([]);
  expect(w.external).toEqual([]);
}, 120_000);

test("the cross_origin refusal is readable by any page, and carries no credentials grant and no key", async () => {
  const res = await fetch(`${proxyUrl}/closed/api/v1/tasks/list`, { headers: { origin: "https://evil.example", "sec-fetch-site": "cross-site" } });
  expect(res.status).toBe(403);
  expect(res.headers.get("access-control-allow-origin")).toBe("*");
  expect(res.headers.get("access-control-allow-credentials")).toBeNull();
  expect(res.headers.get("vary")).toBe("Origin");
  const text = await res.text();
  expect(JSON.parse(text).error.code).toBe("cross_origin");
  expect(JSON.stringify([...res.headers]) + text).not.toContain(KEY);
  // A preflight from an unlisted origin is still refused: the browser sends no body on its strength.
  const pre = await fetch(`${proxyUrl}/session/api/v1/tasks/async`, {
    method: "OPTIONS",
    headers: { origin: "https://evil.example", "sec-fetch-site": "cross-site", "access-control-request-method": "POST" },
  });
  expect(pre.status).toBe(403);
  expect(pre.headers.get("access-control-allow-origin")).toBeNull();
});
