// Site basics a reader meets before reading: the docs server sends the page and Redoc's bundle
// gzipped to a browser that asks (measured below), and a model entry's features do not say
// "audio" twice.
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import zlib from "node:zlib";
import { afterAll, beforeAll, expect, test } from "vitest";
import { guide } from "../../scripts/gen-model-guide.mjs";
import { spec } from "../support/spec.ts";
import { type BuiltSite, builtSite } from "./built-site.ts";

let site: BuiltSite;
beforeAll(async () => {
  site = await builtSite();
}, 120_000);
afterAll(() => site?.close());

function get(url: string, headers: Record<string, string>): Promise<{ headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) =>
    http
      .get(url, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c) => chunks.push(c));
        res.on("end", () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
      })
      .on("error", reject),
  );
}

test.each(["", "redoc.standalone.js"])("the docs server gzips /%s for a browser that asks, and sends the same bytes", async (file) => {
  const onDisk = fs.readFileSync(path.join(site.dist, file || "index.html"));
  const plain = await get(`${site.url}${file}`, {});
  expect(plain.headers["content-encoding"]).toBeUndefined();
  expect(plain.body.equals(onDisk)).toBe(true);
  const gz = await get(`${site.url}${file}`, { "accept-encoding": "gzip, br" });
  expect(gz.headers["content-encoding"]).toBe("gzip");
  expect(zlib.gunzipSync(gz.body).equals(onDisk)).toBe(true);
  console.log(`/${file}: ${onDisk.length} bytes, ${gz.body.length} gzipped`);
  expect(gz.body.length).toBeLessThan(onDisk.length / 2);
});

test("no model entry says it generates audio twice", () => {
  for (const type of ["video", "image", "music"]) {
    const features = guide(spec, type)
      .split("\n")
      .filter((l: string) => l.startsWith("- **Features**"));
    for (const line of features) expect(line.match(/audio/gi)?.length ?? 0, line).toBeLessThanOrEqual(1);
  }
});

test("every page names an empty icon (no /favicon.ico 404 on each load) and says what to do without JavaScript", () => {
  const pages = [path.join(site.dist, "index.html"), path.join(site.dist, "404.html"), path.join(site.dist, "quick-start", "index.html")];
  for (const page of pages) {
    const html = fs.readFileSync(page, "utf8");
    expect(html, page).toContain('<link rel="icon" href="data:,">');
    expect(html, page).toMatch(/<noscript>.*openapi\.yaml.*<\/noscript>/s);
  }
});
