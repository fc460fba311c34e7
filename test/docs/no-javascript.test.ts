// With JavaScript off (the audit's F6), the site's note leads to the guides and the model guide as
// plain pages in the build (text/), each with its text and code samples, and to the spec.
import fs from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";
import { repoRoot } from "../support/seed.ts";
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
