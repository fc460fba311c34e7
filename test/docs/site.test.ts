// The built docs site works offline in a real browser: no request leaves the machine, no console
// error, and every operation and every model of the seed is on its page. Screenshots go to
// docs/screenshots/ (git-ignored) for a person to look at.
import fs from "node:fs";
import path from "node:path";
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { buildDocs } from "../../scripts/build-docs.mjs";
import { serveStatic } from "../../scripts/serve-docs.mjs";
import { launch, watchedPage, type Watched } from "../support/browser.ts";
import { readSeedModels, repoRoot } from "../support/seed.ts";
import { spec } from "../support/spec.ts";

const seed = readSeedModels();
// Each page gets its own budget (a loaded 2-core machine renders slowly; one budget over many
// pages flakes): a test opens one page.
const PAGE = 60_000;
const shots = path.join(repoRoot, "docs/screenshots");
let server: Server;
let browser: Browser;
let base: string;

beforeAll(async () => {
  const dist = buildDocs();
  server = await serveStatic(dist, { prefix: "/monet/" }); // served from a sub-path, as Pages does
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/monet/`;
  browser = await launch();
  fs.mkdirSync(shots, { recursive: true });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  server?.close();
});

async function open(hash: string, waitFor: string): Promise<Watched & { text: string }> {
  const w = await watchedPage(browser);
  await w.page.goto(`${base}${hash}`);
  await w.page.getByText(waitFor, { exact: false }).first().waitFor({ timeout: PAGE });
  // Samples in other tabs are in the DOM but not visible: read the markup, not only the text.
  const text = `${await w.page.innerText("body")}\n${await w.page.content()}`;
  return { ...w, text };
}

const operations = Object.values<any>(spec.paths).flatMap((item) => Object.values<any>(item));

test("the reference renders offline, with no external request and no console error", async () => {
  const w = await open("", "How it works");
  await w.page.screenshot({ path: path.join(shots, "reference.png") });
  expect(w.external).toEqual([]);
  expect(w.errors).toEqual([]);
  for (const group of ["Guides", "API", "Models"]) expect(w.text).toContain(group);
  await w.page.close();
}, PAGE * 2);

describe.each(operations)("operation $operationId", (op) => {
  test("has its page with request and response samples in curl and TypeScript", async () => {
    const w = await open(`#tag/${op.tags[0]}/operation/${op.operationId}`, op.summary);
    expect(w.text).toContain(op.summary);
    expect(w.text).toContain("curl");
    expect(w.text).toContain("@monet-ai/client");
    expect(w.external).toEqual([]);
    expect(w.errors).toEqual([]);
    if (op.operationId === "createTask") await w.page.screenshot({ path: path.join(shots, "create-task.png") });
    await w.page.close();
  }, PAGE * 2);
});

describe.each(["video", "image", "music"])("the %s model guide", (type) => {
  test("lists every seed model of the type, with a comparison table", async () => {
    const title = `${type[0].toUpperCase()}${type.slice(1)} models`;
    const w = await open(`#tag/${title.replace(" ", "-")}`, "Compare at a glance");
    for (const m of seed.filter((s) => s.type === type)) expect(w.text, m.id).toContain(m.id);
    expect(w.external).toEqual([]);
    expect(w.errors).toEqual([]);
    await w.page.screenshot({ path: path.join(shots, `models-${type}.png`), fullPage: false });
    await w.page.close();
  }, PAGE * 2);
});

test.each(fs.readdirSync(path.join(repoRoot, "docs/guides")))("guide %s renders, with its code sample", async (f) => {
  const title = fs.readFileSync(path.join(repoRoot, "docs/guides", f), "utf8").match(/^# (.+)$/m)![1];
  const w = await open(`#tag/${encodeURIComponent(title.replace(/ /g, "-"))}`, title);
  await w.page.getByText("docs/examples/").first().waitFor({ timeout: PAGE });
  expect(w.external).toEqual([]);
  await w.page.close();
}, PAGE * 2);
