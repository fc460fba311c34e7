// With JavaScript off (the audit's F6), the site's note leads to the guides and the model guide as
// plain pages in the build (text/), each with its text and code samples, and to the spec. So do
// the pages a path-form link opens (/quick-start): each to its own plain page, from any sub-path.
// The home page hides what does nothing without JavaScript (the sidebar, search, the skip link).
import fs from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, expect, test } from "vitest";
import { serveStatic } from "../../scripts/serve-docs.mjs";
import { repoRoot } from "../support/seed.ts";
import { spec } from "../support/spec.ts";
import { siteAndBrowser } from "./built-site.ts";

const PAGE_MS = 60_000;
const env = siteAndBrowser();

const titleOf = (file: string) => fs.readFileSync(file, "utf8").match(/^# (.+)$/m)![1];

test(
  "with JavaScript off, the home page links to plain pages of every guide and model page, which show their text and samples",
  async () => {
    const context = await env.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    const external: string[] = [];
    await page.route("**/*", (r) => {
      if (new URL(r.request().url()).hostname === "127.0.0.1") return r.continue();
      external.push(r.request().url());
      return r.abort();
    });
    await page.goto(env.site.url);
    await page.getByRole("link", { name: "the guides and the model guide as plain text" }).click();
    // The click returns once the navigation starts: the list is read from the loaded text index.
    await page.waitForURL(/text\/index\.html$/);
    await page.waitForLoadState("load");
    const guides = fs.readdirSync(path.join(repoRoot, "docs/guides")).filter((f) => f.endsWith(".md"));
    const titles = [
      ...guides.map((f) => titleOf(path.join(repoRoot, "docs/guides", f))),
      ...["video", "image", "music"].map((t) => titleOf(path.join(repoRoot, "docs/models", `${t}.md`))),
    ];
    const listed = (await page.locator("li a").allInnerTexts()).map((s) => s.trim());
    expect(listed).toEqual(titles);
    await page.getByRole("link", { name: "Polling vs streaming" }).click();
    const text = await page.locator("pre").innerText();
    expect(text).toMatch(/^# Polling vs streaming/);
    // Its code sample, included from docs/examples/, as the site shows it.
    expect(text).toContain("// docs/examples/streaming.ts");
    expect(text).toContain(fs.readFileSync(path.join(repoRoot, "docs/examples/streaming.ts"), "utf8").trim().split("\n").at(-1));
    await page.goBack();
    await page.getByRole("link", { name: "Video models" }).click();
    expect(await page.locator("pre").innerText()).toMatch(/## Compare at a glance/);
    expect(external).toEqual([]);
    await context.close();
  },
  PAGE_MS * 2,
);

test(
  "with JavaScript off, the home page shows no control that needs it: no sidebar, search box or skip link, and each hash link left on screen lands on an element of the page",
  async () => {
    const context = await env.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(env.site.url);
    await page.getByRole("link", { name: "the guides and the model guide as plain text" }).waitFor({ timeout: PAGE_MS });
    // Drawn by the page's server-side render, they only change the hash, which nothing reads.
    for (const dead of [".menu-content", '[data-testid="search-trigger"]', "#monet-skip"])
      expect(await page.locator(dead).first().isVisible(), dead).toBe(false);
    const links = await page.$$eval("a[href^='#']", (as) =>
      as
        .filter((a) => (a as HTMLElement).offsetParent !== null)
        .map((a) => {
          const id = decodeURIComponent(a.getAttribute("href")!.slice(1));
          return { href: a.getAttribute("href"), lands: Boolean(document.getElementById(id)) };
        }),
    );
    expect(links.filter((l) => !l.lands)).toEqual([]);
    await context.close();
  },
  PAGE_MS,
);

const servers: Server[] = [];
afterAll(() => Promise.all(servers.map((s) => new Promise((r) => s.close(r)))));

/** The built site again, under a sub-path two folders deep, as a project's GitHub Pages site under an organisation's path. */
async function underSubPath(prefix: string) {
  const server: Server = await serveStatic(env.site.dist, { prefix });
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}${prefix}`;
}

/** Every route's own page in the build (a folder with an index.html), as a path-form link names it: quick-start, section/authentication. */
function routePages(dir: string, under = ""): string[] {
  return fs
    .readdirSync(path.join(dir, under), { withFileTypes: true })
    .filter((e) => e.isDirectory() && e.name !== "text")
    .flatMap((e) => {
      const route = under ? `${under}/${e.name}` : e.name;
      return [...(fs.existsSync(path.join(dir, route, "index.html")) ? [route] : []), ...routePages(dir, route)];
    });
}

test(
  "with JavaScript off, a path-form link's page (/quick-start) leads to its own plain page, the list of them and the spec, under a sub-path; 404.html names where they are and links the published site's",
  async () => {
    const base = await underSubPath("/org/monet/");
    const context = await env.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    // Each guide and model page by its title: the route Redoc gives it, and the title its plain page starts with.
    const titles = [
      ...fs
        .readdirSync(path.join(repoRoot, "docs/guides"))
        .filter((f) => f.endsWith(".md"))
        .sort()
        .map((f) => titleOf(path.join(repoRoot, "docs/guides", f))),
      ...["video", "image", "music"].map((t) => titleOf(path.join(repoRoot, "docs/models", `${t}.md`))),
    ];
    const routes = routePages(env.site.dist);
    expect(routes).toEqual(expect.arrayContaining(["quick-start", "video-models", "tasks", "section/authentication"]));
    let own = 0;
    for (const route of routes) {
      const title = titles.find(
        (t) =>
          t
            .toLowerCase()
            .replace(/[^a-z0-9]+/g, "-")
            .replace(/^-|-$/g, "") === route,
      );
      await page.goto(`${base}${route}`);
      const ownLink = page.getByRole("link", { name: `${title}, as a plain page` });
      if (title) {
        own++;
        await ownLink.click();
        expect(page.url().startsWith(`${base}text/`), page.url()).toBe(true);
        expect((await page.locator("pre").innerText()).startsWith(`# ${title}\n`), route).toBe(true);
        await page.goBack();
      } else expect(await page.getByRole("link", { name: /as a plain page$/ }).count(), route).toBe(0);
      await page.getByRole("link", { name: "the guides and the model guide as plain pages" }).click();
      expect(page.url(), route).toBe(`${base}text/index.html`);
      // The click returns once the navigation starts: read the list once the page has loaded (a
      // loaded machine read it empty before).
      await page.waitForLoadState("load");
      expect(
        (await page.locator("li a").allInnerTexts()).map((t) => t.trim()),
        route,
      ).toEqual(titles);
      await page.goBack();
      const spec = page.getByRole("link", { name: "openapi.yaml" });
      expect(await spec.getAttribute("href"), route).toBe(`${"../".repeat(route.split("/").length)}openapi.yaml`);
      expect((await page.request.get(new URL((await spec.getAttribute("href"))!, page.url()).href)).status(), route).toBe(200);
    }
    expect(own).toBe(titles.length);
    // 404.html is served at any depth: no relative link can reach the root from it, so it names the
    // place, and links the published site's plain pages and spec (the spec's externalDocs names it).
    const lost = await page.goto(`${base}tasks/createtask/deeper`);
    expect(lost?.status()).toBe(200);
    expect(await page.locator("noscript").innerText()).toContain("text/ at the site's root");
    const published = new URL("./", spec.externalDocs.url).href;
    expect(await page.getByRole("link", { name: "the guides and the model guide as plain pages" }).getAttribute("href")).toBe(`${published}text/index.html`);
    expect(await page.getByRole("link", { name: "openapi.yaml" }).getAttribute("href")).toBe(`${published}openapi.yaml`);
    await context.close();
  },
  PAGE_MS * 4,
);
