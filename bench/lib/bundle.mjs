// Minified + gzipped bytes of what a browser app pays for a given import (esbuild, ESM).

import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

const benchDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export async function bundleSize(source, { platform = "browser" } = {}) {
  const r = await build({
    stdin: { contents: source, resolveDir: benchDir, loader: "ts" },
    bundle: true,
    minify: true,
    format: "esm",
    platform,
    write: false,
    logLevel: "silent",
    // Peers reach for Node built-ins in code paths a browser never runs; leave those out.
    external: ["node:*"],
    define: { "process.env.NODE_ENV": '"production"' },
  });
  const code = r.outputFiles[0].contents;
  return { min: code.length, gzip: gzipSync(code, { level: 9 }).length };
}
