// Generates the low-level fetch client of @monet-ai/client with @hey-api/openapi-ts.
import fs from "node:fs";
import path from "node:path";
import { createClient } from "@hey-api/openapi-ts";
import { GENERATED_NOTE } from "./generated-note.mjs";
import { readBundledSpec } from "./spec-models.mjs";

export const CLIENT_OUT = "packages/client/src/generated";

export async function generateClient({ out }) {
  await createClient({
    input: path.join(out, "openapi/dist/openapi.json"),
    output: { path: path.join(out, CLIENT_OUT), module: { extension: ".js" } },
    plugins: [
      "@hey-api/client-fetch",
      "@hey-api/typescript",
      // Input checks live in @monet-ai/models: hey-api's validators strip unknown keys and
      // break multipart and SSE (see shared/design.md).
      { name: "@hey-api/sdk", validator: false },
    ],
    logs: { level: "silent" },
  });
  // The method and path of each operation, for the hand layer's small transport: the paths
  // live in the spec only.
  fs.writeFileSync(path.join(out, CLIENT_OUT, "routes.gen.ts"), routesModule(specRoutes(out)));
}

/** The operations' methods and paths as a module, for the client and for the proxy's allowlist. */
export function routesModule(routes) {
  return `// ${GENERATED_NOTE}\n\nexport const routes = ${JSON.stringify(routes, null, 2)} as const;\n`;
}

export function specRoutes(out) {
  const spec = readBundledSpec(out);
  const routes = {};
  for (const [p, item] of Object.entries(spec.paths))
    for (const [method, op] of Object.entries(item)) routes[op.operationId] = { method: method.toUpperCase(), path: p };
  return routes;
}
