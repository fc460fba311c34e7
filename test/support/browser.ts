// Debian's Chromium, headless, driven by playwright-core (no downloaded browser build; a fresh
// profile each launch), with
// every request that leaves the loopback interface blocked (by Chromium's resolver) and recorded.
import fs from "node:fs";
import { type Browser, chromium, type Page } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
/** The only hosts a page may reach. */
const LOOPBACK = ["127.0.0.1", "localhost"];

export async function launch(executablePath = CHROMIUM): Promise<Browser> {
  // Playwright's own error names the path only; say how to get the browser (never a download).
  if (!fs.existsSync(executablePath))
    throw new Error(
      `No Chromium at ${executablePath}: the browser tests drive Debian's chromium (\`apt-get install chromium\`), or set CHROMIUM_PATH to yours. Nothing here downloads a browser (no \`playwright install\`).`,
    );
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-quic",
      // Any host that is not loopback, name or address literal, resolves nowhere: the page gets
      // no network but ours, and loopback traffic is left to Chromium (CORS included).
      `--host-resolver-rules=MAP * ~NOTFOUND, ${LOOPBACK.map((h) => `EXCLUDE ${h}`).join(", ")}`,
    ],
  });
}

export interface Watched {
  page: Page;
  /** Requests to anything but 127.0.0.1/localhost (blocked by `launch`'s resolver rules). */
  external: string[];
  /** Console errors and uncaught page errors. */
  errors: string[];
}

export async function watchedPage(browser: Browser): Promise<Watched> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const external: string[] = [];
  const errors: string[] = [];
  // Watched, not routed: any `page.route` (even one matching only other hosts) turns on
  // interception of every request, and Playwright then answers CORS preflights itself, so a
  // page would never meet Chromium's own refusal. Launch's resolver rules do the blocking.
  page.on("request", (r) => {
    const u = new URL(r.url());
    if (!LOOPBACK.includes(u.hostname) && u.protocol !== "data:" && u.protocol !== "blob:") external.push(r.url());
  });
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  page.on("pageerror", (e) => errors.push(String(e)));
  return { page, external, errors };
}

/**
 * The client's published ESM build, bundled for the browser as an app's bundler would (code
 * split), in a temporary folder; `read(name)` returns a chunk's source, or undefined.
 */
export async function clientBundle() {
  const { build } = await import("esbuild");
  const fs = await import("node:fs");
  const os = await import("node:os");
  const path = await import("node:path");
  const { repoRoot } = await import("./seed.ts");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "monet-client-bundle-"));
  await build({
    entryPoints: [path.join(repoRoot, "packages/client/dist/index.js")],
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "browser",
    outdir: dir,
    logLevel: "silent",
  });
  return {
    read: (name: string) => {
      const file = path.join(dir, path.basename(name));
      return fs.existsSync(file) ? fs.readFileSync(file) : undefined;
    },
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
