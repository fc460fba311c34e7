// The client's ESM build in headless Chromium, with no Node polyfill, against the stateful mock
// on another origin (CORS): create, wait, stream, list and upload.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { type MockServer, startMockServer } from "@monet-ai/mock";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { clientBundle, launch, watchedPage } from "../support/browser.ts";

let mock: MockServer;
let page: http.Server;
let browser: Browser;
let pageUrl: string;
let bundle: Awaited<ReturnType<typeof clientBundle>>;

beforeAll(async () => {
  mock = await startMockServer({ port: 0, taskDuration: 400 });
  bundle = await clientBundle();
  // An empty icon: Chromium asks for /favicon.ico on its own (a 404 console error) otherwise.
  const html = `<!doctype html><meta charset="utf-8"><title>client in a browser</title><link rel="icon" href="data:,"><script type="module">
    import { Monet } from "./index.js";
    const out = { events: [] };
    try {
      const monet = new Monet({ apiKey: "monet_browser_test", baseUrl: ${JSON.stringify(mock.url)}, dangerouslyAllowBrowser: true });
      const task = await monet.tasks.create({ type: "image", input: { model: "flux-kontext-pro", prompt: "A red kite", images: [new Blob([new Uint8Array([137, 80, 78, 71])], { type: "image/png" })] } });
      const done = await monet.tasks.wait(task.id, { pollInterval: 50 });
      out.created = task.status; out.done = done.status; out.url = done.outputs[0].url;
      for await (const e of monet.tasks.stream({ type: "music", input: { model: "minimax-music", prompt: "lo-fi" } })) out.events.push(e.event);
      const page = await monet.tasks.list({ pageSize: 10 });
      out.total = page.total;
      const file = await monet.files.upload(new File(["hello"], "hello.txt", { type: "text/plain" }));
      out.fileSize = file.size;
      out.image = (await fetch(out.url)).headers.get("content-type");
    } catch (e) { out.error = String(e && e.stack || e); }
    window.__result = out;
  </script>`;
  page = http.createServer((req, res) => {
    if (req.url === "/") return res.writeHead(200, { "content-type": "text/html" }).end(html);
    const js = bundle.read(req.url ?? "");
    return js ? res.writeHead(200, { "content-type": "text/javascript" }).end(js) : res.writeHead(404).end();
  });
  await new Promise<void>((r) => page.listen(0, "127.0.0.1", r));
  // localhost vs 127.0.0.1: another origin than the mock, so every call is cross-origin.
  pageUrl = `http://localhost:${(page.address() as AddressInfo).port}/`;
  browser = await launch();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  page?.close();
  await mock?.close();
  bundle?.cleanup();
});

test("creates, waits, streams, lists and uploads across origins, with no polyfill", async () => {
  const w = await watchedPage(browser);
  await w.page.goto(pageUrl);
  const result = await w.page.waitForFunction(() => (window as { __result?: unknown }).__result, undefined, { timeout: 90_000 }).then((h) => h.jsonValue());
  expect(result).toMatchObject({ created: "pending", done: "success", total: 2, fileSize: 5, image: "image/png" });
  expect((result as { error?: string }).error).toBeUndefined();
  expect((result as { events: string[] }).events[0]).toBe("created");
  expect((result as { events: string[] }).events.at(-1)).toBe("success");
  expect(new URL(pageUrl).origin).not.toBe(new URL(mock.url).origin);
  expect(w.external).toEqual([]);
  expect(w.errors).toEqual([]);
  // The Blob given in images was uploaded by the page before the task was created.
  expect(mock.state.files.list(mock.url).length).toBe(2);
}, 120_000);
