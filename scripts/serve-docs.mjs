// Serves docs/dist on localhost (`pnpm dev` starts it) as a static host would: a route's own
// page for a path-form link (/quick-start), 404.html for any other path. With --watch, a change
// to the spec, the guides or their examples regenerates and rebuilds the site; reload the page.
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { pipeline } from "node:stream";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import zlib from "node:zlib";
import { buildDocs } from "./build-docs.mjs";
import { generateAll } from "./generate.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dist = path.join(root, "docs/dist");
const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".json": "application/json",
  ".yaml": "text/yaml",
  ".png": "image/png",
  ".svg": "image/svg+xml",
};

const COMPRESSIBLE = new Set([".html", ".js", ".json", ".yaml", ".svg"]);

/** The file to answer a site path with, and its status (or `slash`: send to the folder's own address); undefined when there is none. */
function resolve(dir, rel) {
  const file = path.resolve(dir, `.${path.sep}${rel}`);
  if (file !== dir && !file.startsWith(dir + path.sep)) return undefined;
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  if (stat?.isFile()) return { file, status: 200 };
  // A folder without its slash (/quick-start) is sent to it (/quick-start/), as GitHub Pages does:
  // the relative links of the page inside (../text/) then resolve from the folder.
  if (stat?.isDirectory() && fs.existsSync(path.join(file, "index.html")))
    return rel.endsWith("/") ? { file: path.join(file, "index.html"), status: 200 } : { slash: true };
  // A route with no page of its own (/tasks/createtask): 404.html sends the reader to its hash
  // route, as on GitHub Pages; a path under a known route is answered as that route's page.
  if (path.extname(rel) === "" && fs.existsSync(path.join(dir, "404.html"))) {
    const first = rel.split("/").find(Boolean);
    const known = first !== undefined && fs.existsSync(path.join(dir, first, "index.html"));
    return { file: path.join(dir, "404.html"), status: known ? 200 : 404 };
  }
  return undefined;
}

export function serveStatic(dir, { port = 0, host = "127.0.0.1", prefix = "/" } = {}) {
  dir = path.resolve(dir);
  const server = http.createServer((req, res) => {
    const pathname = (req.url ?? "/").split(/[?#]/)[0];
    if (`${pathname}/` === prefix) return res.writeHead(301, { location: prefix }).end();
    if (!pathname.startsWith(prefix)) return res.writeHead(404, { "content-type": "text/plain" }).end("not found");
    let rel;
    try {
      rel = decodeURIComponent(pathname.slice(prefix.length));
    } catch {
      return res.writeHead(400, { "content-type": "text/plain" }).end("bad request");
    }
    const found = resolve(dir, rel || "index.html");
    if (!found) return res.writeHead(404, { "content-type": "text/plain" }).end("not found");
    if (found.slash) return res.writeHead(301, { location: `${pathname}/` }).end();
    const headers = { "content-type": TYPES[path.extname(found.file)] ?? "application/octet-stream", "cache-control": "no-cache", vary: "accept-encoding" };
    // The page and Redoc's bundle are 2.8 MB of text: gzip them for a browser that asks (about 0.7 MB).
    if (/\bgzip\b/.test(req.headers["accept-encoding"] ?? "") && COMPRESSIBLE.has(path.extname(found.file))) {
      res.writeHead(found.status, { ...headers, "content-encoding": "gzip" });
      return pipeline(fs.createReadStream(found.file), zlib.createGzip(), res, () => {});
    }
    res.writeHead(found.status, headers);
    fs.createReadStream(found.file).pipe(res);
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
