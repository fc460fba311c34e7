// The proxy's view of the spec: the response headers a cross-origin page must be allowed to read
// (CORS expose list). The operations it may forward are the operations table (gen-operations.mjs).
import fs from "node:fs";
import path from "node:path";
import { GENERATED_NOTE } from "./generated-note.mjs";
import { readBundledSpec, resolveComponent } from "./spec-models.mjs";

export const PROXY_OUT = "packages/proxy/src/generated/headers.gen.ts";

export function generateProxy({ out }) {
  const file = path.join(out, PROXY_OUT);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `// ${GENERATED_NOTE}\n\nexport const responseHeaders = ${JSON.stringify(responseHeaders(readBundledSpec(out)))} as const;\n`);
}

function responseHeaders(spec) {
  const names = new Set();
  for (const item of Object.values(spec.paths))
    for (const op of Object.values(item))
      for (const r of Object.values(op.responses ?? {}))
        for (const h of Object.keys(resolveComponent(spec, r, "responses")?.headers ?? {})) names.add(h.toLowerCase());
  return [...names].sort();
}
