// The docs site built from this checkout into a folder of its own, and served on a free loopback
// port. Each test file gets its own copy, so files that run side by side never rebuild under
// each other (site.test.ts builds docs/dist itself).
import fs from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { buildDocs } from "../../scripts/build-docs.mjs";
import { serveStatic } from "../../scripts/serve-docs.mjs";
import { launch } from "../support/browser.ts";
import { repoRoot } from "../support/seed.ts";

export interface BuiltSite {
  /** The site's URL, ending in "/". */
  url: string;
  /** The built folder. */
  dist: string;
  close(): Promise<void>;
}

export async function builtSite(): Promise<BuiltSite> {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), "monet-docs-site-"));
  fs.cpSync(path.join(repoRoot, "openapi/dist"), path.join(base, "openapi/dist"), { recursive: true });
  for (const d of ["guides", "models", "examples"]) fs.cpSync(path.join(repoRoot, "docs", d), path.join(base, "docs", d), { recursive: true });
  const dist = buildDocs(base);
  const server: Server = await serveStatic(dist, {});
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    dist,
    close: async () => {
      await new Promise((r) => server.close(r));
      fs.rmSync(base, { recursive: true, force: true });
    },
  };
}

/** The built site and a Chromium, started before a test file's tests and closed after them. */
export function siteAndBrowser(): { readonly site: BuiltSite; readonly browser: Browser } {
  const env = {} as { site: BuiltSite; browser: Browser };
  beforeAll(async () => {
    [env.site, env.browser] = await Promise.all([builtSite(), launch()]);
  }, 120_000);
  afterAll(async () => {
    await env.browser?.close();
    await env.site?.close();
  });
  return env;
}
