// Serves docs/dist on localhost (`pnpm dev` starts it). With --watch, a change to the spec, the
// guides or their examples regenerates and rebuilds the site; reload the page to see it.
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { buildDocs } from "./build-docs.mjs";
import { generateAll } from "./generate.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dist = path.join(root, "docs/dist");
const TYPES = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".json": "application/json", ".yaml": "text/yaml", ".png": "image/png", ".svg": "image/svg+xml" };

export function serveStatic(dir, { port = 0, host = "127.0.0.1", prefix = "/" } = {}) {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    if (!url.pathname.startsWith(prefix)) return res.writeHead(404).end("not found");
    const rel = decodeURIComponent(url.pathname.slice(prefix.length)) || "index.html";
    const file = path.join(dir, path.normalize(rel).replace(/^(\.\.[/\\])+/, ""));
    if (!file.startsWith(dir) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) return res.writeHead(404).end("not found");
    res.writeHead(200, { "content-type": TYPES[path.extname(file)] ?? "application/octet-stream", "cache-control": "no-cache" });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(port, host, () => resolve(server)));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { port: { type: "string", default: process.env.DOCS_PORT ?? "4000" }, watch: { type: "boolean", default: false } } });
  if (!fs.existsSync(path.join(dist, "index.html"))) buildDocs();
  await serveStatic(dist, { port: Number(values.port) });
  if (values.watch) {
    let timer;
    const rebuild = () => {
      clearTimeout(timer);
      timer = setTimeout(async () => {
        try {
          await generateAll(root);
          buildDocs();
          console.log(`docs rebuilt at ${new Date().toLocaleTimeString()}`);
        } catch (e) {
          console.error(`docs rebuild failed: ${e.message}`);
        }
      }, 200);
    };
    for (const d of ["openapi/src", "docs/guides", "docs/examples"]) fs.watch(path.join(root, d), { recursive: true }, rebuild);
  }
}
