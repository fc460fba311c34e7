import { expect, test } from "vitest";
import { shapeWords } from "../../scripts/gen-model-guide.mjs";
import { watchedPage } from "../support/browser.ts";
import { spec } from "../support/spec.ts";
import { siteAndBrowser } from "./built-site.ts";

const PAGE_MS = 60_000;
const env = siteAndBrowser();

test("a ratio's shape is read from its numbers", () => {
  expect(shapeWords(["16:9", "9:16", "1:1", "4:3"])).toBe("square: 1:1; vertical (portrait): 9:16; horizontal (landscape): 16:9, 4:3");
  expect(shapeWords(["auto", "1:1"])).toBe("");
  expect(shapeWords(undefined)).toBe("");
});

/** The name of the first model whose aspect_ratio enum has a value of that shape. */
function modelWith(shape: (w: number, h: number) => boolean): string {
  for (const s of Object.values<any>(spec.components.schemas)) {
    const values: string[] = s.properties?.aspect_ratio?.enum ?? [];
    if (s["x-monet-model"] && values.some((v) => shape(...(v.split(":").map(Number) as [number, number])))) return s["x-monet-model"].name;
  }
  throw new Error("no model offers that shape");
}

test.each([
  ["square", (w: number, h: number) => w === h],
  ["vertical", (w: number, h: number) => w < h],
  ["landscape", (w: number, h: number) => w > h],
])(
  'search for "%s" finds the models that offer that shape',
  async (word, shape) => {
    const w = await watchedPage(env.browser);
    await w.page.goto(env.site.url);
    await w.page.getByText("Search Ctrl+K").first().waitFor({ timeout: PAGE_MS });
    await w.page.click('[data-testid="search-trigger"]');
    await w.page.keyboard.type(word);
    await w.page
      .getByText(/Shapes/)
      .first()
      .waitFor({ timeout: PAGE_MS });
    const text = await w.page.innerText("body");
    // Redoc's own line, and the search status (search-status.js), which never says it for a query with hits.
    expect(text).not.toContain("No results");
    expect(text).toContain(modelWith(shape));
    expect(w.external).toEqual([]);
    expect(w.errors).toEqual([]);
    await w.page.close();
  },
  PAGE_MS * 2,
);
