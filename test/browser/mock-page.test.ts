// The mock guide's page example (docs/examples/browser/mock-page.ts) as a reader uses it: the
// mock started on its own, the example bundled for the browser as an app's bundler would, served
// from another origin, and run in Chromium: it creates a task against the mock and shows the image.
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { type MockServer, startMockServer } from "@monet-ai/mock";
import { build } from "esbuild";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { launch, watchedPage } from "../support/browser.ts";
import { repoRoot } from "../support/seed.ts";

const example = path.join(repoRoot, "docs/examples/browser/mock-page.ts");
/** The address the example (and the guide) gives the mock; the test's mock is on a free port. */
const DOCUMENTED = "http://127.0.0.1:4020";

let mock: MockServer;
let app: http.Server;
let browser: Browser;

beforeAll(async () => {
  mock = await startMockServer({ port: 0, taskDuration: 300 });
  const source = fs.readFileSync(example, "utf8");
  expect(source.split(DOCUMENTED).length - 1, "the example names the mock's address once").toBe(1);
  // Bundled from docs/examples/browser, so "@monet-ai/client" resolves as in a reader's app.
  const bundled = await build({
    stdin: { contents: source.replace(DOCUMENTED, mock.url.replace(/\/$/, "")), resolveDir: path.dirname(example), loader: "ts", sourcefile: "mock-page.ts" },
    bundle: true,
    format: "esm",
    platform: "browser",
    write: false,
    logLevel: "silent",
  });
  const js = bundled.outputFiles[0].text;
  app = http.createServer((req, res) => {
    if (req.url === "/main.js") return res.writeHead(200, { "content-type": "text/javascript" }).end(js);
    res
      .writeHead(200, { "content-type": "text/html" })
      .end('<!doctype html><meta charset="utf-8"><title>app</title><script type="module" src="/main.js"></script>');
  });
  await new Promise<void>((r) => app.listen(0, "127.0.0.1", r));
  browser = await launch();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((r) => app?.close(r));
  await mock?.close();
});

test("the page example creates a task against the mock and shows its image", async () => {
  const w = await watchedPage(browser);
  await w.page.goto(`http://127.0.0.1:${(app.address() as AddressInfo).port}/`);
  const img = await w.page.waitForSelector("img", { timeout: 60_000 });
  await w.page.waitForFunction((el) => (el as HTMLImageElement).complete, img, { timeout: 30_000 });
  const shown = await img.evaluate((el) => ({ width: (el as HTMLImageElement).naturalWidth, src: (el as HTMLImageElement).src }));
  expect(shown.width).toBeGreaterThan(0);
  expect(shown.src).toMatch(/^blob:/);
  expect(await w.page.textContent("p")).toBe("success");
  // The one task the page made reached the mock, and it is an image task.
  expect(mock.state.tasks.all().map((t) => t.type)).toEqual(["image"]);
  expect(w.external).toEqual([]);
  expect(w.errors).toEqual([]);
}, 120_000);
