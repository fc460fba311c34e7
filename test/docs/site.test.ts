// The built docs site in Chromium, served from a sub-path as GitHub Pages does: it works offline
// (no request leaves the machine, no console error), every link a reader can copy opens the
// right page in a fresh tab (also reloaded, also in path form), the guides and model pages use
// the width at 1400 px, and the compare tables and search snippets read well. Screenshots go to
// docs/screenshots/ (git-ignored) for a person to look at. Each test opens its own pages, with
// a time budget per page.
import fs from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { buildDocs } from "../../scripts/build-docs.mjs";
import { serveStatic } from "../../scripts/serve-docs.mjs";
import { launch, type Watched, watchedPage } from "../support/browser.ts";
import { readSeedModels, repoRoot } from "../support/seed.ts";
import { schemas, spec } from "../support/spec.ts";

const PAGE_MS = 60_000;
const seed = readSeedModels();
const shots = path.join(repoRoot, "docs/screenshots");
const servers: Server[] = [];
let browser: Browser;
/** The site under /monet/ (as on Pages) and at the root of its host (as `pnpm dev` serves it). */
let base: string;
let rootBase: string;
/** Sidebar entry text -> the absolute URL a reader copies from it. */
const links = new Map<string, string>();

const TYPES = ["video", "image", "music"] as const;
const title = (type: string) => `${type[0].toUpperCase()}${type.slice(1)} models`;
const guides = fs
  .readdirSync(path.join(repoRoot, "docs/guides"))
  .sort()
  .map((f) => {
    const text = fs.readFileSync(path.join(repoRoot, "docs/guides", f), "utf8");
    return { file: f, title: text.match(/^# (.+)$/m)![1], hasExample: text.includes("<!-- example:") };
  });
const operations = Object.values<any>(spec.paths).flatMap((item) => Object.values<any>(item));
/** The model schemas of a type, through the type's union (the spec's own index of models). */
const models = (type: string) =>
  Object.values<string>(schemas[`${type[0].toUpperCase()}${type.slice(1)}Input`].discriminator.mapping).map((ref) => schemas[ref.split("/").pop()!]);
// A model schema names its id as a one-value enum (a const in older specs).
const modelId = (schema: any): string => schema.properties.model.enum?.[0] ?? schema.properties.model.const;

async function serve(prefix: string) {
  const server = await serveStatic(path.join(repoRoot, "docs/dist"), { prefix });
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}${prefix}`;
}

beforeAll(async () => {
  buildDocs();
  base = await serve("/monet/");
  rootBase = await serve("/");
  browser = await launch();
  fs.mkdirSync(shots, { recursive: true });
  // What a reader copies: every sidebar link, with each group opened (a group opens with its page).
  const w = await watchedPage(browser);
  for (const group of ["", "tasks", "files", ...TYPES.map((t) => `${t}-models`)]) {
    await w.page.goto(`${base}#/${group}`);
    // The group's own entries, whatever form their links take (a test below checks the form).
    await w.page
      .locator(group ? `.menu-content a[href*="/${group}/"]` : ".menu-content a[href]")
      .first()
      .waitFor({ timeout: PAGE_MS });
    // An operation's entry has its method badge on a line of its own ("Create a task\nPOST").
    const found = await w.page.$$eval(".menu-content a[href]", (as) =>
      as.map((a) => [(a as HTMLElement).innerText.split("\n")[0].trim(), (a as HTMLAnchorElement).href] as const),
    );
    for (const [text, href] of found) links.set(text, href);
  }
  await w.page.close();
}, 600_000);
afterAll(async () => {
  await browser?.close();
  for (const s of servers) s.close();
});

/** Opens a URL in a fresh page (a new tab with nothing in it), as pasting a copied link does. */
async function open(url: string): Promise<Watched> {
  const w = await watchedPage(browser);
  await w.page.goto(url);
  return w;
}

/** Waits until a heading with exactly this text is at the top of the viewport. */
async function headingOnTop(page: Page, text: string) {
  await page.waitForFunction(
    (t) =>
      [...document.querySelectorAll("h1, h2, h3")].some((h) => {
        const r = h.getBoundingClientRect();
        return h.textContent!.trim() === t && r.height > 0 && r.top > -10 && r.top < 250;
      }),
    text,
    { timeout: PAGE_MS },
  );
}

test(
  "the reference renders offline, with no external request and no console error",
  async () => {
    const w = await open(base);
    await w.page.getByText("How it works").first().waitFor({ timeout: PAGE_MS });
    await w.page.screenshot({ path: path.join(shots, "reference.png") });
    const text = await w.page.innerText("body");
    for (const group of ["Guides", "API", "Models"]) expect(text).toContain(group);
    expect(w.external).toEqual([]);
    expect(w.errors).toEqual([]);
    await w.page.close();
  },
  PAGE_MS,
);

test("every sidebar link is a hash link inside the site's own path, so it works on any static host", () => {
  const own = [...links].filter(([, href]) => href.startsWith("http://127.0.0.1"));
  expect(own.length).toBeGreaterThan(20);
  for (const [text, href] of own) expect(href, text).toMatch(new RegExp(`^${base.replace(/[.]/g, "\\.")}#/`));
});

// The pages a reader is most likely to link to, with the heading each must open at. Titles
// come from the guides' sources and the spec, not from the built site. (Each model page and
// every model entry are opened by the model page tests below.)
const lastVideo = models("video").at(-1);
const deepLinks = [
  ...guides.map((g) => ({ entry: g.title, heading: g.title, guide: g, op: undefined })),
  ...operations.map((op) => ({ entry: op.summary, heading: op.summary, guide: undefined, op })),
  ...[`${lastVideo["x-monet-model"].name} · ${modelId(lastVideo)}`, "Where the reference contradicts itself"].map((entry) => ({
    entry,
    heading: entry,
    guide: undefined,
    op: undefined,
  })),
];

describe.each(deepLinks)("the copied link to $entry", ({ entry, heading, guide, op }) => {
  test(
    "opens that page in a fresh tab, under the sub-path",
    async () => {
      const href = links.get(entry);
      expect(href, `no sidebar link "${entry}"`).toBeDefined();
      const w = await open(href!);
      await headingOnTop(w.page, heading);
      if (op) {
        // Samples in other tabs are in the DOM but not visible: read the markup, not only the text.
        const markup = await w.page.content();
        expect(markup).toContain("curl");
        expect(markup).toContain("@monet-ai/client");
        if (op.operationId === "createTask") await w.page.screenshot({ path: path.join(shots, "create-task.png") });
      }
      if (guide) {
        if (guide.hasExample) await w.page.getByText("docs/examples/").first().waitFor({ timeout: PAGE_MS });
        // At 1400 px a guide uses the width: no table or code scrolls sideways.
        expectWide(await measure(w.page), guide.title);
      }
      expect(w.external).toEqual([]);
      expect(w.errors).toEqual([]);
      await w.page.close();
    },
    PAGE_MS * 2,
  );
});

test(
  "the quick start's section on the reference's duration: 5 has a stable link (error messages point to it)",
  async () => {
    const w = await open(`${links.get("Quick start")}/why-duration-10-not-5`);
    await headingOnTop(w.page, "Why duration 10, not 5");
    expect(await w.page.innerText("body")).toContain("allows only 10 or 15");
    await w.page.close();
  },
  PAGE_MS * 2,
);

test.each([
  ["a top-level route under the sub-path", () => base, "Quick start"],
  ["an operation under the sub-path", () => base, "Create a task"],
  ["a model entry at the host's root", () => rootBase, "Image models"],
])(
  "a path-form link (%s) opens the same page",
  async (_name, at, entry) => {
    // /quick-start rather than #/quick-start: what the old site's links and hand-typed URLs look like.
    const route = links.get(entry)!.split("#/")[1];
    const w = await open(`${at()}${route}`);
    await headingOnTop(w.page, entry);
    expect(w.page.url()).toBe(`${at()}#/${route}`);
    expect(w.external).toEqual([]);
    await w.page.close();
  },
  PAGE_MS * 2,
);

/** The layout of the sections rendered now: content width, tables and code that fit, field names whole. */
function measure(page: Page) {
  // The route's own section and its sub-sections, not a neighbour that shares the viewport.
  const route = decodeURIComponent(new URL(page.url()).hash.slice(1));
  return page.evaluate((route) => {
    const main = document.querySelector("#api-content")!.getBoundingClientRect().width;
    const sections = [...document.querySelectorAll("[data-section-id]")].filter((s) => {
      const r = s.getBoundingClientRect();
      const id = s.getAttribute("data-section-id")!;
      return (id === route || id.startsWith(`${route}/`)) && r.height > 0 && r.bottom > 0 && r.top < innerHeight;
    });
    const out = { main, columns: [] as number[], overflowing: [] as string[], broken: [] as string[] };
    for (const s of sections) {
      const id = s.getAttribute("data-section-id");
      for (const md of s.querySelectorAll('[data-component-name="Markdown/Markdown"]')) out.columns.push(md.getBoundingClientRect().width);
      for (const t of s.querySelectorAll("table"))
        if (t.scrollWidth > t.parentElement!.clientWidth + 1 || t.getBoundingClientRect().right > innerWidth)
          out.overflowing.push(`${id}: table ${t.scrollWidth} > ${t.parentElement!.clientWidth}`);
      for (const pre of s.querySelectorAll("pre"))
        if (pre.scrollWidth > pre.clientWidth + 1) out.overflowing.push(`${id}: code ${pre.scrollWidth} > ${pre.clientWidth}`);
      // A name broken mid-word wraps its inline box onto several lines.
      for (const c of s.querySelectorAll("td:first-child code")) if (c.getClientRects().length > 1) out.broken.push(`${id}: ${c.textContent}`);
    }
    return out;
  }, route);
}

function expectWide(m: Awaited<ReturnType<typeof measure>>, where: string) {
  expect(m.columns.length, `${where}: no content column`).toBeGreaterThan(0);
  // The content column takes most of the area right of the sidebar (it was 462 of 1115 px).
  for (const w of m.columns) expect(w, `${where}: content column ${Math.round(w)} of ${Math.round(m.main)} px`).toBeGreaterThan(m.main * 0.8);
  expect(m.overflowing, where).toEqual([]);
  expect(m.broken, where).toEqual([]);
}

describe.each(TYPES)("the %s models page", (type) => {
  const list = models(type);
  test(
    "opens from its copied link; at 1400 px every entry uses the width; the compare table is complete; no section is empty",
    async () => {
      const w = await open(links.get(title(type))!);
      await headingOnTop(w.page, title(type));
      expectWide(await measure(w.page), title(type));
      await w.page.screenshot({ path: path.join(shots, `models-${type}.png`) });

      // The compare table: every model, resolution and aspect ratio where the spec has them,
      // no blank or "n/a" cell, no duration column for images.
      await w.page.goto(`${links.get(title(type))!}/compare-at-a-glance`);
      await headingOnTop(w.page, "Compare at a glance");
      const table = await w.page.$eval('[data-section-id$="/compare-at-a-glance"] table', (t) => ({
        head: [...t.querySelectorAll("th")].map((c) => c.textContent!.trim()),
        rows: [...t.querySelectorAll("tbody tr")].map((r) => [...r.querySelectorAll("td")].map((c) => c.textContent!.trim())),
      }));
      for (const m of seed.filter((s) => s.type === type))
        expect(
          table.rows.some((r) => r[0].includes(m.id)),
          m.id,
        ).toBe(true);
      expect(table.head.includes("aspect ratio")).toBe(list.some((s) => s.properties.aspect_ratio));
      expect(table.head.includes("resolution")).toBe(list.some((s) => s.properties.resolution || s["x-monet-model"].outputResolution));
      // Images have no length; a video or music model always says its own, even "not set by any field" (minimax-music).
      expect(table.head.includes("duration")).toBe(type !== "image");
      for (const r of table.rows) for (const [i, c] of r.entries()) expect(c, `${r[0]}: ${table.head[i]}`).not.toMatch(/^$|^n\/a$/);
      const col = table.head.indexOf("aspect ratio");
      if (col >= 0)
        for (const s of list)
          expect(table.rows.find((r) => r[0].split(" ").at(-1) === modelId(s))![col], modelId(s)).toBe(
            s.properties.aspect_ratio?.enum?.join(", ") ?? "not selectable",
          );

      // Every family and model entry, reached as a reader does (its sidebar link, same tab): it
      // has content of its own under its heading, and fits the width.
      const entries = [...links.entries()].filter(([, href]) => href.includes(`#/${type}-models/`));
      for (const s of list) expect(links.has(`${s["x-monet-model"].name} · ${modelId(s)}`), modelId(s)).toBe(true);
      for (const [entry, href] of entries) {
        await w.page.goto(href);
        await headingOnTop(w.page, entry);
        const own = await w.page.$eval(
          `[data-section-id="${decodeURIComponent(href.split("#")[1])}"]`,
          (s) => (s.textContent ?? "").length - (s.querySelector("h1, h2, h3")?.textContent?.length ?? 0),
        );
        expect(own, `${entry}: a heading with nothing under it`).toBeGreaterThan(20);
        expectWide(await measure(w.page), entry);
      }
      expect(w.external).toEqual([]);
      expect(w.errors).toEqual([]);
      await w.page.close();
    },
    PAGE_MS * 3 + 10_000 * list.length,
  );
});

test(
  "search snippets keep table cells and list items apart",
  async () => {
    const w = await open(base);
    await w.page.getByText("Search Ctrl+K").first().waitFor({ timeout: PAGE_MS });
    await w.page.click('[data-testid="search-trigger"]');
    const m = models("video")[0];
    const id = modelId(m);
    await w.page.keyboard.type(id);
    // The compare table's row for the model: its name, id and provider, as separate words.
    const row = `${m["x-monet-model"].name} ${id} ${m["x-monet-model"].provider}`;
    await w.page.getByText(row).first().waitFor({ timeout: PAGE_MS });
    const text = await w.page.innerText("body");
    expect(text).not.toContain(`${id}${m["x-monet-model"].provider}`);
    expect(text).not.toMatch(/Provider: \w+Use cases/);
    await w.page.screenshot({ path: path.join(shots, "search.png") });
    await w.page.close();
  },
  PAGE_MS * 2,
);
