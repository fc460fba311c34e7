// A browser app on the same origin as the proxy uses the typed client with no key: create, wait,
// stream, list, upload and auto-upload all work, and the key never reaches the page.
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { startMockServer, type MockServer } from "@monet-ai/mock";
import { createMonetProxy } from "@monet-ai/proxy";
import { toNodeHandler } from "@monet-ai/proxy/node";
import { clientBundle, launch, watchedPage } from "../support/browser.ts";

const KEY = "monet_kept_on_server_SECRET_1234";
let mock: MockServer;
let app: http.Server;
let browser: Browser;
let url: string;
let bundle: Awaited<ReturnType<typeof clientBundle>>;

const page = `<!doctype html><meta charset="utf-8"><script type="module">
  import { Monet } from "/client/index.js";
  const out = { events: [] };
  try {
    const monet = new Monet({ baseUrl: "/api/monet", apiKey: null });
    const done = await monet.tasks.run({ type: "video", input: { model: "wan-animate-mix", videos: [new Blob([new Uint8Array(64)], { type: "video/mp4" })], images: [new File(["png"], "me.png", { type: "image/png" })] } }, { pollInterval: 50 });
    out.done = done.status;
    for await (const e of monet.tasks.stream({ type: "image", input: { model: "flux-2-dev", prompt: "x" } })) out.events.push(e.event);
    out.total = (await monet.tasks.list()).total;
    out.uploaded = (await monet.files.upload(new Blob(["hello"]), { filename: "h.txt" })).size;
    out.blocked = (await fetch("/api/monet/api/v1/admin")).status;
  } catch (e) { out.error = String(e && e.stack || e); }
  window.__result = out;
</script>`;

beforeAll(async () => {
  mock = await startMockServer({ port: 0, taskDuration: 300 });
  bundle = await clientBundle();
  const proxy = toNodeHandler(createMonetProxy({ apiKey: KEY, baseUrl: mock.url }));
  app = http.createServer((req, res) => {
    if (req.url?.startsWith("/api/monet/")) return proxy(req, res);
    if (req.url?.startsWith("/client/")) {
      const js = bundle.read(req.url);
      return js ? res.writeHead(200, { "content-type": "text/javascript" }).end(js) : res.writeHead(404).end();
    }
    res.writeHead(200, { "content-type": "text/html" }).end(page);
  });
  await new Promise<void>((r) => app.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(app.address() as AddressInfo).port}/`;
  browser = await launch();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  app?.close();
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
  const result = (await w.page.waitForFunction(() => (window as { __result?: unknown }).__result, undefined, { timeout: 20_000 }).then((h) => h.jsonValue())) as Record<string, unknown>;
  expect(result.error).toBeUndefined();
  expect(result).toMatchObject({ done: "success", total: 2, uploaded: 5, blocked: 404 });
  expect((result.events as string[]).at(-1)).toBe("success");
  expect(mock.state.files.list(mock.url).length).toBe(3);
  expect(seen.length).toBeGreaterThan(5);
  expect(seen.filter((s) => s.includes(KEY))).toEqual([]);
  expect(await w.page.content()).not.toContain(KEY);
  expect(w.external).toEqual([]);
  expect(w.errors.filter((e) => !e.includes("404"))).toEqual([]);
});
