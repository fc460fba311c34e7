// The proxy's view of the spec: the operations it may forward, and the response headers a
// cross-origin page must be allowed to read (CORS expose list). Both come from the bundled spec.
import fs from "node:fs";
import path from "node:path";
import { GENERATED_NOTE } from "./generated-note.mjs";
import { readBundledSpec } from "./spec-models.mjs";

export const PROXY_OUT = "packages/proxy/src/generated";

export function generateProxy({ out }) {
  const dir = path.join(out, PROXY_OUT);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "routes.gen.ts"), routesModule(specRoutes(out)));
  fs.writeFileSync(path.join(dir, "headers.gen.ts"), `// ${GENERATED_NOTE}\n\nexport const responseHeaders = ${JSON.stringify(responseHeaders(readBundledSpec(out)))} as const;\n`);
}

function responseHeaders(spec) {
  const resolve = (o, kind) => (o?.$ref ? spec.components[kind][o.$ref.split("/").pop()] : o);
  const names = new Set();
  for (const item of Object.values(spec.paths))
    for (const op of Object.values(item))
      for (const r of Object.values(op.responses ?? {})) for (const h of Object.keys(resolve(r, "responses")?.headers ?? {})) names.add(h.toLowerCase());
  return [...names].sort();
}

/** The operations' methods and paths. */
function routesModule(routes) {
  return `// ${GENERATED_NOTE}\n\nexport const routes = ${JSON.stringify(routes, null, 2)} as const;\n`;
}

function specRoutes(out) {
  const spec = readBundledSpec(out);
  const routes = {};
  for (const [p, item] of Object.entries(spec.paths))
    for (const [method, op] of Object.entries(item)) routes[op.operationId] = { method: method.toUpperCase(), path: p };
  return routes;
}
