import { expect, test } from "vitest";
import { watchedPage } from "../support/browser.ts";
import { siteAndBrowser } from "./built-site.ts";

const PAGE_MS = 60_000;
const env = siteAndBrowser();

async function open(hash: string) {
  const w = await watchedPage(env.browser);
  await w.page.goto(`${env.site.url}${hash}`);
  await w.page.locator(".menu-content").first().waitFor({ state: "attached", timeout: PAGE_MS });
  return w;
}

test(
  "a heading with inline code has an anchor with the code's text, and the link lands on it",
  async () => {
    const w = await open("#/command-line-and-mcp/the-monet-command");
    const heading = w.page.locator('[id="/command-line-and-mcp/the-monet-command"]');
    await heading.waitFor({ timeout: PAGE_MS });
    expect(await heading.innerText()).toBe("The monet command");
    await expect.poll(() => heading.evaluate((h) => Math.round(h.getBoundingClientRect().top)), { timeout: PAGE_MS }).toBeLessThan(100);
    expect(await w.page.locator('[id="/command-line-and-mcp/the"]').count()).toBe(0);
    expect(await w.page.locator("#monet-not-found").count()).toBe(0);
    expect(w.errors).toEqual([]);
    await w.page.close();
  },
  PAGE_MS * 2,
);

test.each(["#/command-line-and-mcp/the", "#/nonexistent-page"])(
  "an unknown hash (%s) says so and offers the overview, and the notice goes once a page is opened",
  async (hash) => {
    const w = await open(hash);
    const notice = w.page.locator("#monet-not-found");
    await notice.waitFor({ timeout: PAGE_MS });
    expect(await notice.innerText()).toBe(`No page or section of this site is at ${hash}. Open the overview, or search (Ctrl+K).`);
    await notice.getByRole("link", { name: "Open the overview" }).click();
    await w.page.locator("[data-section-id]").first().waitFor({ state: "attached", timeout: PAGE_MS });
    await notice.waitFor({ state: "detached", timeout: PAGE_MS });
    expect(w.external).toEqual([]);
    expect(w.errors).toEqual([]);
    await w.page.close();
  },
  PAGE_MS * 2,
);
