// The site's search, as a reader uses it: a hit inside a guide or model page links that page's
// route with one hash (a doubled hash, #/video-models/x#/video-models/x, was what a reader copied),
// and the search box is a labelled control in the Tab order that Enter opens (not only Ctrl+K);
// a status tells a screen reader how many hits a query found.
import { expect, test } from "vitest";
import { watchedPage } from "../support/browser.ts";
import { siteAndBrowser } from "./built-site.ts";

const PAGE_MS = 60_000;
const TAB_STOPS = 40;
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

test(
  "Tab reaches the search box, a labelled button, and Enter opens search with its input focused",
  async () => {
    const w = await watchedPage(env.browser);
    await w.page.goto(env.site.url);
    await w.page.getByText("Search Ctrl+K").first().waitFor({ timeout: PAGE_MS });
    let reached = false;
    for (let i = 0; i < TAB_STOPS && !reached; i++) {
      await w.page.keyboard.press("Tab");
      reached = await w.page.evaluate(() => Boolean(document.activeElement?.closest('[data-testid="search-trigger"]')));
    }
    expect(reached).toBe(true);
    const focused = w.page.locator(":focus");
    expect(await focused.getAttribute("role")).toBe("button");
    expect(await focused.getAttribute("aria-label")).toMatch(/search/i);
    await w.page.keyboard.press("Enter");
    await w.page.getByPlaceholder("Search docs...").waitFor({ timeout: PAGE_MS });
    await expect
      .poll(() => w.page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.placeholder), { timeout: PAGE_MS })
      .toBe("Search docs...");
    await w.page.keyboard.type("kling");
    await w.page.locator('a[data-component-name="Search/SearchItem"]').first().waitFor({ timeout: PAGE_MS });
    expect(w.errors).toEqual([]);
    await w.page.close();
  },
  PAGE_MS * 2,
);

test(
  "after typing, a status in the search dialog says how many hits the query found, or that it found none",
  async () => {
    const w = await watchedPage(env.browser);
    await w.page.goto(env.site.url);
    await w.page.locator('[data-testid="search-trigger"]').first().click({ timeout: PAGE_MS });
    const input = w.page.getByPlaceholder("Search docs...");
    await input.fill("xyzzyq");
    const status = w.page.locator('[data-testid="search-dialog"]').getByRole("status");
    await expect.poll(() => status.textContent().catch(() => null), { timeout: PAGE_MS }).toBe("No results for xyzzyq");
    await input.fill("kling");
    await w.page.locator('a[data-component-name="Search/SearchItem"]').first().waitFor({ timeout: PAGE_MS });
    await expect.poll(() => status.textContent(), { timeout: PAGE_MS }).toMatch(/^\d+ results? for kling$/);
    const shown = await w.page.locator('a[data-component-name="Search/SearchItem"]').count();
    expect(await status.textContent()).toBe(`${shown} result${shown === 1 ? "" : "s"} for kling`);
    expect(w.errors).toEqual([]);
    await w.page.close();
  },
  PAGE_MS * 2,
);
