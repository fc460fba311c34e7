// The site's search, as a reader uses it: a hit inside a guide or model page links that page's
// route with one hash (a doubled hash, #/video-models/x#/video-models/x, was what a reader copied).
import { expect, test } from "vitest";
import { watchedPage } from "../support/browser.ts";
import { siteAndBrowser } from "./built-site.ts";

const PAGE_MS = 60_000;
const env = siteAndBrowser();

test.each([
  // Hits on a model entry's body (its shape words) and on a guide section's body.
  ["vertical", "/video-models/"],
  ["zod", "/using-the-spec-with-other-tools/"],
])(
  'each search hit for "%s" links one hash, the route of the entry or section it found',
  async (word, under) => {
    const w = await watchedPage(env.browser);
    await w.page.goto(env.site.url);
    await w.page.getByText("Search Ctrl+K").first().waitFor({ timeout: PAGE_MS });
    await w.page.click('[data-testid="search-trigger"]');
    await w.page.keyboard.type(word);
    const hits = w.page.locator('a[data-component-name="Search/SearchItem"]');
    await hits.first().waitFor({ timeout: PAGE_MS });
    const hrefs = await hits.evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""));
    expect(hrefs.some((h) => h.startsWith(`#${under}`))).toBe(true);
    for (const href of hrefs) expect(href.split("#").length, href).toBe(2);
    // Following a hit lands on that route, with one hash in the address bar.
    const target = hrefs.find((h) => h.startsWith(`#${under}`))!;
    await hits.nth(hrefs.indexOf(target)).click();
    await expect.poll(() => new URL(w.page.url()).hash, { timeout: PAGE_MS }).toBe(target);
    await w.page
      .locator(`[data-section-id="${target.slice(1)}"]`)
      .first()
      .waitFor({ timeout: PAGE_MS });
    expect(w.external).toEqual([]);
    expect(w.errors).toEqual([]);
    await w.page.close();
  },
  PAGE_MS * 2,
);
