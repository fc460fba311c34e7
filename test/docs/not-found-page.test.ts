// A stale or mistyped link whose path no route starts (/nope/x) gets 404.html. It said only
// "Page not found: /nope/x": no way on. It now finds the site's root (under any sub-path) and
// links the overview and the plain pages, and each link opens what it names.
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, expect, test } from "vitest";
import { serveStatic } from "../../scripts/serve-docs.mjs";
import { siteAndBrowser } from "./built-site.ts";

const PAGE_MS = 60_000;
const env = siteAndBrowser();
const servers: Server[] = [];
afterAll(() => Promise.all(servers.map((s) => new Promise((r) => s.close(r)))));

test.each(["/", "/org/monet/"])(
  "a path no page is at (site under %s) says so and links the overview and the plain pages, which open",
  async (prefix) => {
    const server: Server = await serveStatic(env.site.dist, { prefix });
    servers.push(server);
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}${prefix}`;
    const context = await env.browser.newContext();
    const page = await context.newPage();
    const res = await page.goto(`${base}nope/old-page`);
    expect(res?.status()).toBe(404);
    const status = page.getByRole("status");
    await expect.poll(() => status.innerText(), { timeout: PAGE_MS }).toContain("Open the overview");
    expect(await status.innerText()).toContain(`No page of this site is at ${new URL(base).pathname}nope/old-page.`);
    await page.getByRole("link", { name: "the guides and the model guide as plain pages" }).click();
    await page.waitForURL(`${base}text/index.html`, { timeout: PAGE_MS });
    expect(await page.getByRole("heading", { level: 1 }).innerText()).toBe("Monet AI API: the guides and the model guide");
    await page.goBack();
    await page.getByRole("link", { name: "Open the overview" }).click();
    await page.waitForURL(`${base}#/`, { timeout: PAGE_MS });
    await page.locator(".menu-content").waitFor({ timeout: PAGE_MS });
    await context.close();
  },
  PAGE_MS * 2,
);
