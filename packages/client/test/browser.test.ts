// The client's published ESM build in headless Chromium (no polyfill), bundled as an app would:
// in a dedicated module Worker a key needs dangerouslyAllowBrowser like in a page, and in a page
// `outputs()` gives a task's outputs as Blobs under the safe-download rules.
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { type MockServer, startMockServer } from "@monet-ai/mock";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { launch, watchedPage } from "../../../test/support/browser.ts";
import { fileRoutes } from "./hostile-files.js";

let mock: MockServer;
let site: http.Server;
let browser: Browser;
let siteUrl: string;
let bundleDir: string;

const page = (mockUrl: string) => `<!doctype html><meta charset="utf-8"><title>client in a browser</title><script type="module">
  import { Monet } from "./index.js";
  import { outputs } from "./outputs.js";
  const out = (window.__progress = {});
  const code = (p) => p.then((b) => "no error: " + b.type, (e) => e.name + " " + e.code + " " + e.message);
  const one = (url) => ({ outputs: [{ model: "m", status: "success", url }] });
  // This page's own server is local, like the mock: listing the client's baseUrl allows it.
  let local;
  try {
    const worker = new Worker("./worker.js", { type: "module" });
    out.worker = await new Promise((resolve) => { worker.onmessage = (e) => resolve(e.data); worker.onerror = (e) => resolve({ error: String(e.message) }); });
    const monet = new Monet({ apiKey: "monet_page_test", baseUrl: ${JSON.stringify(mockUrl)}, dangerouslyAllowBrowser: true });
    const task = await monet.tasks.run({ type: "image", input: { model: "flux-2-dev", prompt: "a kite" } }, { pollInterval: 50 });
    local = { allowOrigins: [monet.baseUrl] };
    const blob = await outputs(task, local)[0].blob();
    out.mockOutput = { type: blob.type, magic: new TextDecoder().decode(new Uint8Array(await blob.arrayBuffer()).subarray(1, 4)) };
    out.html = await code(outputs(one(location.origin + "/files/page.png?type=text%2Fhtml"), local)[0].blob());
    out.svg = await code(outputs(one(location.origin + "/files/page.png?type=image%2Fsvg%2Bxml"), local)[0].blob());
    out.redirectOk = await code(outputs(one(location.origin + "/files/redirect?to=%2Ffiles%2Fok.png"), local)[0].blob());
    out.redirectData = await code(outputs(one(location.origin + "/files/redirect?to=" + encodeURIComponent("data:text/html,<b>pwned</b>")), local)[0].blob());
    out.redirectFile = await code(outputs(one(location.origin + "/files/redirect?to=" + encodeURIComponent("file:///etc/passwd")), local)[0].blob());
    out.endless = await code(outputs(one(location.origin + "/files/endless"), { ...local, maxBytes: 1000000 })[0].blob());
    try { outputs(one("data:text/html,<b>pwned</b>")); out.dataUrl = "no error"; } catch (e) { out.dataUrl = e.name + " " + e.code; }
    // Nothing listed: the default API (monet.vision) is not local, so a local output is refused.
    try { outputs(one(location.origin + "/files/ok.png")); out.unlisted = "no error"; } catch (e) { out.unlisted = e.name + " " + e.code; }
  } catch (e) { out.error = String(e && e.stack || e); }
  window.__result = out;
</script>`;

const worker = (mockUrl: string) => `import { Monet } from "./index.js";
const out = { hasDocument: typeof document !== "undefined" };
try { new Monet({ apiKey: "monet_worker_test", baseUrl: ${JSON.stringify(mockUrl)} }); out.refused = "no error"; } catch (e) { out.refused = e.message; }
try {
  const monet = new Monet({ apiKey: "monet_worker_test", baseUrl: ${JSON.stringify(mockUrl)}, dangerouslyAllowBrowser: true });
  const task = await monet.tasks.run({ type: "image", input: { model: "flux-2-dev", prompt: "a kite" } }, { pollInterval: 50 });
  out.status = task.status;
} catch (e) { out.error = String(e && e.stack || e); }
postMessage(out);
`;

beforeAll(async () => {
  mock = await startMockServer({ port: 0, taskDuration: 200 });
  // The built entries an app imports, bundled and code-split for the browser.
  const { build } = await import("esbuild");
  bundleDir = fs.mkdtempSync(path.join(os.tmpdir(), "monet-client-browser-"));
  const dist = path.resolve(import.meta.dirname, "../dist");
  await build({
    entryPoints: [path.join(dist, "index.js"), path.join(dist, "outputs.js")],
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "browser",
    outdir: bundleDir,
    logLevel: "silent",
  });
  site = http.createServer((req, res) => {
    const u = new URL(req.url ?? "/", "http://localhost");
    if (u.pathname === "/") return res.writeHead(200, { "content-type": "text/html" }).end(page(mock.url));
    if (u.pathname === "/worker.js") return res.writeHead(200, { "content-type": "text/javascript" }).end(worker(mock.url));
    if (fileRoutes(req, res)) return;
    const file = path.join(bundleDir, path.basename(u.pathname));
    if (u.pathname.endsWith(".js") && fs.existsSync(file)) return res.writeHead(200, { "content-type": "text/javascript" }).end(fs.readFileSync(file));
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => site.listen(0, "127.0.0.1", r));
  // localhost vs the mock's 127.0.0.1: another origin, so the mock's calls are cross-origin.
  siteUrl = `http://localhost:${(site.address() as AddressInfo).port}/`;
  browser = await launch();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  site?.closeAllConnections();
  site?.close();
  await mock?.close();
  if (bundleDir) fs.rmSync(bundleDir, { recursive: true, force: true });
});

test("a Worker needs dangerouslyAllowBrowser for a key; outputs() in a page follows the download rules", async () => {
  const w = await watchedPage(browser);
  await w.page.goto(siteUrl);
  const done = w.page.waitForFunction(() => (window as { __result?: unknown }).__result, undefined, { timeout: 90_000 });
  // On a timeout, say which step never finished.
  const r = (await done.then(
    (h) => h.jsonValue(),
    async (e) =>
      expect.fail(
        `${e}; got as far as ${JSON.stringify(await w.page.evaluate(() => (window as { __progress?: unknown }).__progress))}, page errors ${JSON.stringify(w.errors)}`,
      ),
  )) as Record<string, any>;
  expect(r.error).toBeUndefined();
  // The Worker: no document, yet refused without the flag, and working against the mock with it.
  expect(r.worker).toEqual({ hasDocument: false, refused: expect.stringMatching(/Every visitor can read an API key in a browser/), status: "success" });
  expect(r.mockOutput).toEqual({ type: "image/png", magic: "PNG" });
  // A type off the list (a page, an SVG) is never handed on: an object URL of it cannot run script.
  expect(r.html).toBe("no error: application/octet-stream");
  expect(r.svg).toBe("no error: application/octet-stream");
  expect(r.redirectOk).toBe("no error: image/png");
  // The browser follows redirects itself and never into data: or file:.
  expect(r.redirectData).toMatch(/^OutputError download_failed /);
  expect(r.redirectFile).toMatch(/^OutputError download_failed /);
  expect(r.endless).toMatch(/^OutputError too_large stopped .*more than 1000000 bytes/);
  expect(r.dataUrl).toBe("OutputError unsafe_url");
  expect(r.unlisted).toBe("OutputError unsafe_url");
  expect(w.external).toEqual([]);
}, 120_000);
