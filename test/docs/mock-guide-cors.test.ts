// The mock guide's account of a page calling a proxy that has no `cors` (the audit's F8), checked
// in Chromium: a preflighted create fails as "Failed to fetch" with the console's preflight
// message, a GET reads the proxy's 403 cross_origin, and browser automation that intercepts
// requests (Playwright's route, as the audit's scripts did) answers preflights itself, so there
// the create reads the 403 too, as the guide warns.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { type MockServer, startMockServer } from "@monet-ai/mock";
import { createMonetProxy } from "@monet-ai/proxy";
import { createNodeServer } from "@monet-ai/proxy/node";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { decorate } from "../../scripts/build-docs.mjs";
import { launch } from "../support/browser.ts";
import { spec } from "../support/spec.ts";

const guide: string = decorate(spec).tags.find((t: { name: string }) => t.name === "Using the mock for frontend work").description;
let mock: MockServer;
let proxy: http.Server;
let site: http.Server;
let browser: Browser;
const port = (s: http.Server) => (s.address() as AddressInfo).port;
const listen = (s: http.Server) => new Promise<void>((r) => s.listen(0, "127.0.0.1", r));

beforeAll(async () => {
  mock = await startMockServer({ port: 0 });
  proxy = createNodeServer(createMonetProxy({ apiKey: "monet_dev", baseUrl: mock.url })); // no cors
  site = http.createServer((_, res) => res.writeHead(200, { "content-type": "text/html" }).end("<title>app</title>"));
  await Promise.all([listen(proxy), listen(site)]);
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  proxy?.close();
  site?.close();
  await mock?.close();
});

/** What a page on `localhost:<site>` reads from a JSON create and a list sent to the proxy on another port. */
async function callsFromPage(intercept: boolean) {
  const page = await browser.newPage();
  if (intercept) await page.route("**/*", (route) => route.continue());
  const console: string[] = [];
  page.on("console", (m) => console.push(m.text()));
  await page.goto(`http://localhost:${port(site)}/`);
  const answers = await page.evaluate(
    async (base) => {
      const read = (p: Promise<Response>) =>
        p.then(
          async (r) => `${r.status} ${await r.text()}`,
          (e) => String(e),
        );
      return {
        create: await read(fetch(`${base}/api/v1/tasks/async`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" })),
        list: await read(fetch(`${base}/api/v1/tasks/list`)),
      };
    },
    `http://localhost:${port(proxy)}`,
  );
  await page.close();
  return { ...answers, console: console.join("\n") };
}

test("without cors, a page's create fails as Failed to fetch with the console's preflight message, as the guide says", async () => {
  expect(guide).toMatch(/Without `cors`, every call from that page fails with `APIConnectionError: Connection failed: POST/);
  expect(guide).toMatch(/preflight response has no\s+`Access-Control-Allow-Origin` header/);
  const r = await callsFromPage(false);
  expect(r.create).toBe("TypeError: Failed to fetch");
  expect(r.console).toMatch(/Response to preflight request doesn't pass access control check: No 'Access-Control-Allow-Origin' header/);
  // A request sent without a preflight reads the proxy's refusal, as the guide says.
  expect(r.list).toMatch(/^403 .*"code":"cross_origin".*list it in the proxy's cors option/);
}, 60_000);

test("the guide warns that request interception in browser automation answers preflights, so there a create reads the 403", async () => {
  const r = await callsFromPage(true);
  expect(r.create).toMatch(/^403 .*"code":"cross_origin"/);
  expect(guide).toMatch(/Playwright's `page\.route`[^.]*answers\s+preflights itself/);
}, 60_000);
