// The API reference's request-sample panel, as a reader uses it in Chromium: for every operation
// the language menu offers curl and the `@monet-ai/client` TypeScript sample; on the create
// operations, the curl follows the request example selected, makes a new idempotency key each
// run, and runs against the mock, also when edited and run again; the streamed events show under
// the response, and the stream's request `input` lists the model's fields as createTask's does.
import { execFile } from "node:child_process";
import { type MockServer, startMockServer } from "@monet-ai/mock";
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { launch, watchedPage } from "../support/browser.ts";
import { spec } from "../support/spec.ts";
import { type BuiltSite, builtSite } from "./built-site.ts";

const PAGE_MS = 60_000;
let site: BuiltSite;
let browser: Browser;
let mock: MockServer;

// Expectations from the spec: its operations, and the examples of the create request body.
const operations = Object.values<any>(spec.paths).flatMap((item) => Object.values<any>(item));
const createExamples = Object.values<any>(spec.paths["/api/v1/tasks/async"].post.requestBody.content["application/json"].examples);

beforeAll(async () => {
  [site, browser, mock] = await Promise.all([builtSite(), launch(), startMockServer({ port: 0, taskDuration: 200 })]);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await site?.close();
  await mock?.close();
});

/** The operation's page, and its request-sample panel once rendered. */
async function openOperation(operationId: string) {
  const w = await watchedPage(browser);
  const route = `${operations.find((o) => o.operationId === operationId).tags[0].toLowerCase()}/${operationId.toLowerCase()}`;
  await w.page.goto(`${site.url}#/${route}`);
  const panel = w.page.locator(`[data-section-id="/${route}"] .panel-request-samples`).first();
  await panel.waitFor({ timeout: PAGE_MS });
  return { ...w, panel, section: w.page.locator(`[data-section-id="/${route}"]`).first() };
}

const menuItems = (page: Page) => page.locator('[role="menu"]:visible [role="menuitem"]');
const languageButton = (panel: Locator) => panel.locator('[data-component-name="Panel/PanelHeader"] [data-testid="dropdown"] button').last();

async function languages(page: Page, panel: Locator) {
  await languageButton(panel).click();
  const names = (await menuItems(page).allInnerTexts()).map((s) => s.trim());
  await languageButton(panel).click();
  return names;
}

async function choose(page: Page, button: Locator, name: string) {
  await button.click();
  await menuItems(page).filter({ hasText: name }).first().click();
}

const shown = (panel: Locator) => panel.locator("pre").first().innerText();

describe.each(operations.map((o) => o.operationId))("the %s sample panel", (operationId) => {
  test(
    "offers curl and the @monet-ai/client TypeScript sample, and shows the client sample when chosen",
    async () => {
      const { page, panel, errors } = await openOperation(operationId);
      const names = await languages(page, panel);
      expect(names).toContain("curl");
      expect(names).toContain("@monet-ai/client");
      await choose(page, languageButton(panel), "@monet-ai/client");
      const source = await shown(panel);
      expect(source).toContain('import { Monet } from "@monet-ai/client"');
      expect(errors.filter((e) => !e.includes("favicon"))).toEqual([]);
      await page.close();
    },
    PAGE_MS * 2,
  );
});

/** Runs a copied curl in bash, aimed at the mock (the only edit a reader makes: the host). */
function runCurl(source: string): Promise<string> {
  const command = source.replace("https://monet.vision", mock.url);
  return new Promise((resolve, reject) =>
    execFile("bash", ["-c", command], { env: { ...process.env, MONET_API_KEY: "monet_docs_reference" }, timeout: 30_000 }, (err, stdout, stderr) =>
      err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout),
    ),
  );
}

describe.each(["createTask", "createTaskStream"])("the %s curl", (operationId) => {
  test(
    "follows the selected example, makes a new idempotency key per run, and runs against the mock edited and again",
    async () => {
      const { page, panel } = await openOperation(operationId);
      await choose(page, languageButton(panel), "curl");
      const exampleButton = panel.locator('button[aria-label="Example"]');
      for (const example of createExamples) {
        await choose(page, exampleButton, example.summary);
        const source = await shown(panel);
        // The body the curl sends, with its key command in place of the key.
        const json = source
          .slice(source.indexOf("-d '") + 4, source.lastIndexOf("}'") + 1)
          .replace(`"'"$(uuidgen 2>/dev/null || cat /proc/sys/kernel/random/uuid)"'"`, '"KEY"');
        const body = JSON.parse(json.replace(/'\\''/g, "'"));
        expect(body, example.summary).toEqual({ ...example.value, idempotency_key: "KEY" });
        // Run once, then again with the prompt edited: a fixed key would answer 409 the second time.
        if (!example.value.input.prompt) continue;
        const edited = source.replace(example.value.input.prompt, `${example.value.input.prompt}, at dusk`);
        for (const run of [source, edited]) {
          const out = await runCurl(run);
          expect(out, example.summary).not.toContain("conflict");
          if (operationId === "createTask") expect(JSON.parse(out).status, out).toBe("pending");
          else expect(out, example.summary).toMatch(/event: success/);
        }
      }
      await page.close();
    },
    PAGE_MS * 4,
  );
});

test(
  "the stream's events show under Responses, not Request, and its request input lists the model's fields",
  async () => {
    const { page, section } = await openOperation("createTaskStream");
    await section.getByText("Responses").first().waitFor({ timeout: PAGE_MS });
    const text = await section.innerText();
    const request = text.slice(text.indexOf("Request"), text.indexOf("Responses"));
    const responses = text.slice(text.indexOf("Responses"));
    // TaskStreamEvent's own fields (the spec's `event` discriminator and its `task`).
    expect(request).not.toMatch(/^event$/m);
    expect(responses).toMatch(/^event$/m);
    expect(responses).toMatch(/^task$/m);
    // createTask's Sora 2 input fields, from the spec's first video model.
    const sora = spec.components.schemas[spec.components.schemas.VideoInput.discriminator.mapping["sora-2"].split("/").pop()];
    for (const field of Object.keys(sora.properties)) expect(request, field).toContain(`input.\u200b${field}`);
    await page.close();
  },
  PAGE_MS * 2,
);
