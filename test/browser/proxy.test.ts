// A browser app on the same origin as the proxy uses the typed client with no key: create, wait,
// stream, list, upload and auto-upload all work, and the key never reaches the page.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { type MockServer, startMockServer } from "@monet-ai/mock";
import { createMonetProxy } from "@monet-ai/proxy";
import { toNodeHandler } from "@monet-ai/proxy/node";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { clientBundle, launch, watchedPage } from "../support/browser.ts";

const KEY = "monet_kept_on_server_SECRET_1234";
let mock: MockServer;
let app: http.Server;
let other: http.Server;
let otherOrigin: string;
let browser: Browser;
let url: string;
let bundle: Awaited<ReturnType<typeof clientBundle>>;
/** Calls that reached the proxy with no CORS option, as "METHOD path". */
const closedSeen: string[] = [];

const page = `<!doctype html><meta charset="utf-8"><script type="module">
  import { Monet } from "/client/index.js";
  const out = { events: [] };
  try {
    const monet = new Monet({ baseUrl: "/api/monet", apiKey: null });
    const done = await monet.tasks.run({ type: "video", input: { model: "wan-animate-mix", videos: [new Blob([new Uint8Array(64)], { type: "video/mp4" })], images: [new File(["png"], "me.png", { type: "image/png" })] } }, { pollInterval: 50 });
    out.done = done.status;
    for await (const e of monet.tasks.stream({ type: "image", input: { model: "flux-2-dev", prompt: "x" } })) out.events.push(e.event);
    out.total = (await monet.tasks.list()).total;
    // An error answer: its typed error loads on the first one (a chunk of its own).
    out.missing = await monet.tasks.get("task_missing").then(() => "found", (e) => e.name + " " + e.status);
    out.uploaded = (await monet.files.upload(new Blob(["hello"]), { filename: "h.txt" })).size;
    out.blocked = (await fetch("/api/monet/api/v1/admin")).status;
  } catch (e) { out.error = String(e && e.stack || e); }
  window.__result = out;
</script>`;

// A page on another origin: a keyless upload through the proxy with no CORS for it (a simple
// request, so the browser does send it: the proxy must refuse it), a create there (a JSON POST:
// the browser's preflight is refused, so it is never sent), then the client through the proxy
// that lists this origin.
const crossPage = (proxyOrigin: string) => `<!doctype html><meta charset="utf-8"><script type="module">
  import { Monet } from "/client/index.js";
  const out = {};
  try {
    const form = new FormData();
    form.append("file", new Blob(["stolen"]), "x.txt");
    await fetch("${proxyOrigin}api/monet/api/v1/files", { method: "POST", body: form, mode: "no-cors" });
    out.closed = await new Monet({ baseUrl: "${proxyOrigin}api/monet", apiKey: null, maxRetries: 0 }).tasks.list().then(() => "read", (e) => e.name);
    out.closedCreate = await new Monet({ baseUrl: "${proxyOrigin}api/monet", apiKey: null, maxRetries: 0 }).tasks.create({ type: "image", input: { model: "flux-2-dev", prompt: "x" } }).then(() => "created", (e) => e.name + ": " + e.message);
    const monet = new Monet({ baseUrl: "${proxyOrigin}api/open", apiKey: null });
    out.created = (await monet.tasks.create({ type: "image", input: { model: "flux-2-dev", prompt: "x" } })).id;
    out.uploaded = (await monet.files.upload(new Blob(["ok"]), { filename: "ok.txt" })).size;
  } catch (e) { out.error = String(e && e.stack || e); }
  window.__result = out;
</script>`;

function serveBundle(req: http.IncomingMessage, res: http.ServerResponse) {
  const js = bundle.read(req.url!);
  return js ? res.writeHead(200, { "content-type": "text/javascript" }).end(js) : res.writeHead(404).end();
}

beforeAll(async () => {
  mock = await startMockServer({ port: 0, taskDuration: 300 });
  bundle = await clientBundle();
  const proxy = toNodeHandler(createMonetProxy({ apiKey: KEY, baseUrl: mock.url }));
  // The same proxy, open to one other origin (the page served by `other`).
  const open = toNodeHandler(createMonetProxy({ apiKey: KEY, baseUrl: mock.url, prefix: "/api/open", cors: { origin: (o) => o === otherOrigin } }));
  other = http.createServer((req, res) => {
    if (req.url?.startsWith("/client/")) return serveBundle(req, res);
    res.writeHead(200, { "content-type": "text/html" }).end(crossPage(url));
  });
  await new Promise<void>((r) => other.listen(0, "127.0.0.1", r));
  otherOrigin = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
  app = http.createServer((req, res) => {
    if (req.url?.startsWith("/api/monet/")) {
      closedSeen.push(`${req.method} ${req.url.slice("/api/monet".length)}`);
      return proxy(req, res);
    }
    if (req.url?.startsWith("/api/open/")) return open(req, res);
    if (req.url?.startsWith("/client/")) return serveBundle(req, res);
    res.writeHead(200, { "content-type": "text/html" }).end(page);
  });
  await new Promise<void>((r) => app.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(app.address() as AddressInfo).port}/`;
  browser = await launch();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  app?.close();
  other?.close();
  await mock?.close();
  bundle?.cleanup();
});

test("every feature works through the proxy, and nothing the page sees holds the key", async () => {
  const w = await watchedPage(browser);
  const seen: string[] = [];
  w.page.on("response", async (r) => {
    seen.push(JSON.stringify(r.headers()));
    seen.push(await r.text().catch(() => ""));
  });
  await w.page.goto(url);
  const result = (await w.page
    .waitForFunction(() => (window as { __result?: unknown }).__result, undefined, { timeout: 90_000 })
    .then((h) => h.jsonValue())) as Record<string, unknown>;
  expect(result.error).toBeUndefined();
  expect(result).toMatchObject({ done: "success", total: 2, missing: "NotFoundError 404", uploaded: 5, blocked: 404 });
  expect((result.events as string[]).at(-1)).toBe("success");
  expect(mock.state.files.list(mock.url).length).toBe(3);
  expect(seen.length).toBeGreaterThan(5);
  expect(seen.filter((s) => s.includes(KEY))).toEqual([]);
  expect(await w.page.content()).not.toContain(KEY);
  expect(w.external).toEqual([]);
  expect(w.errors.filter((e) => !e.includes("404"))).toEqual([]);
}, 120_000);

test("a page on another origin cannot use the proxy unless its CORS option lists that origin", async () => {
  const w = await watchedPage(browser);
  const files = mock.state.files.list(mock.url).length;
  closedSeen.length = 0;
  await w.page.goto(`${otherOrigin}/`);
  const result = (await w.page
    .waitForFunction(() => (window as { __result?: unknown }).__result, undefined, { timeout: 90_000 })
    .then((h) => h.jsonValue())) as Record<string, unknown>;
  expect(result.error).toBeUndefined();
  // The client cannot read a refused cross-origin answer: a network-level failure.
  expect(result.closed).not.toBe("read");
  // A preflighted create: Chromium's own preflight is refused, so the page learns nothing more.
  expect(result.closedCreate).toMatch(/^APIConnectionError: .*Failed to fetch/);
  expect(closedSeen.filter((c) => c.endsWith("/async"))).toEqual(["OPTIONS /api/v1/tasks/async"]);
  expect(result.created).toMatch(/\S/);
  expect(result.uploaded).toBe(2);
  // Only the upload through the open proxy reached Monet, not the no-cors one.
  expect(mock.state.files.list(mock.url).length).toBe(files + 1);
  expect(w.external).toEqual([]);
}, 120_000);
