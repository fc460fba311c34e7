// The browser helper itself: a watched page must see Chromium's own CORS decisions on loopback
// (no request interception answering preflights for it), while anything off loopback is still
// blocked and recorded.
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { launch, watchedPage } from "../support/browser.ts";

let app: http.Server;
let api: http.Server;
let browser: Browser;
/** What reached the API server, as "METHOD path". */
const seen: string[] = [];
let appOrigin = "";
let apiOrigin = "";

beforeAll(async () => {
  // The page's origin: an empty page.
  app = http.createServer((_req, res) => res.writeHead(200, { "content-type": "text/html" }).end("<!doctype html><title>app</title>"));
  // Another origin; it sends CORS headers only on /open, and only for the page's origin. On
  // /refusing it refuses every preflight but lets any page read its other answers (as the
  // proxy's cross_origin refusal does): a JSON POST there must never be sent.
  api = http.createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    if (req.url === "/refusing") {
      if (req.method === "OPTIONS") return res.writeHead(403).end();
      return res.writeHead(403, { "content-type": "application/json", "access-control-allow-origin": "*" }).end('{"refused":true}');
    }
    const cors: Record<string, string> =
      req.url === "/open" ? { "access-control-allow-origin": appOrigin, "access-control-allow-headers": "content-type" } : {};
    if (req.method === "OPTIONS") return res.writeHead(204, cors).end();
    req.resume();
    req.on("end", () => res.writeHead(200, { "content-type": "application/json", ...cors }).end('{"ok":true}'));
  });
  await new Promise<void>((r) => app.listen(0, "127.0.0.1", r));
  await new Promise<void>((r) => api.listen(0, "127.0.0.1", r));
  // localhost vs 127.0.0.1: two origins, both on loopback.
  appOrigin = `http://localhost:${(app.address() as AddressInfo).port}`;
  apiOrigin = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
  browser = await launch();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((r) => app?.close(r));
  await new Promise((r) => api?.close(r));
});

/** Runs a JSON POST from the page; the answer's body, or the error fetch threw. */
async function postFromPage(w: Awaited<ReturnType<typeof watchedPage>>, url: string) {
  return w.page.evaluate(async (u) => {
    try {
      const res = await fetch(u, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
      return `${res.status} ${await res.text()}`;
    } catch (e) {
      return String(e);
    }
  }, url);
}

test("a cross-origin JSON POST to a loopback server without CORS headers fails as the browser fails it", async () => {
  const w = await watchedPage(browser);
  await w.page.goto(`${appOrigin}/`);
  seen.length = 0;
  expect(await postFromPage(w, `${apiOrigin}/closed`)).toBe("TypeError: Failed to fetch");
  // Chromium's real preflight reached the server and was refused: the POST itself never left.
  expect(seen).toEqual(["OPTIONS /closed"]);
  // A refused preflight stops the POST even where the server's other answers are readable.
  seen.length = 0;
  expect(await postFromPage(w, `${apiOrigin}/refusing`)).toBe("TypeError: Failed to fetch");
  expect(seen).toEqual(["OPTIONS /refusing"]);
  // The control: a server that lists the page's origin is read.
  seen.length = 0;
  expect(await postFromPage(w, `${apiOrigin}/open`)).toBe('200 {"ok":true}');
  expect(seen).toEqual(["OPTIONS /open", "POST /open"]);
  expect(w.external).toEqual([]);
  await w.page.close();
});

test("requests off loopback are blocked and recorded, by name or by address", async () => {
  const w = await watchedPage(browser);
  await w.page.goto(`${appOrigin}/`);
  // 192.0.2.1 is TEST-NET-1 (RFC 5737): an address literal, which the resolver rules map too.
  const urls = ["http://example.com/x.js", "https://example.com/y", "http://192.0.2.1/z"];
  const outcomes = await w.page.evaluate(
    (us) =>
      Promise.all(
        us.map((u) =>
          fetch(u, { mode: "no-cors" }).then(
            (r) => `answered ${r.type}`,
            (e) => String(e),
          ),
        ),
      ),
    urls,
  );
  expect(outcomes).toEqual(urls.map(() => "TypeError: Failed to fetch"));
  expect(w.external.sort()).toEqual([...urls].sort());
  await w.page.close();
});
