// The proxy's view of the spec: the response headers a cross-origin page must be allowed to read
// (CORS expose list) and the media types of the answers it passes on (any other is refused). The
// operations it may forward are the operations table (gen-operations.mjs).
import fs from "node:fs";
import path from "node:path";
import { GENERATED_NOTE } from "./generated-note.mjs";
import { readBundledSpec, resolveComponent } from "./spec-models.mjs";

export const PROXY_OUT = "packages/proxy/src/generated/headers.gen.ts";

export function generateProxy({ out }) {
  const spec = readBundledSpec(out);
  const file = path.join(out, PROXY_OUT);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(
    file,
    `// ${GENERATED_NOTE}\n\nexport const responseHeaders = ${JSON.stringify(responseHeaders(spec))} as const;\n\n` +
      `/** The media types of every answer the spec declares (successes and errors, lowercase, no parameters). */\n` +
      `export const responseTypes = ${JSON.stringify(responseTypes(spec))} as const;\n`,
  );
}

/** Every response of every operation, $refs resolved. */
const responses = (spec) =>
  Object.values(spec.paths).flatMap((item) =>
    Object.values(item).flatMap((op) => Object.values(op.responses ?? {}).map((r) => resolveComponent(spec, r, "responses"))),
  );

function responseHeaders(spec) {
  const names = new Set(responses(spec).flatMap((r) => Object.keys(r?.headers ?? {}).map((h) => h.toLowerCase())));
  return [...names].sort();
}

function responseTypes(spec) {
  const types = new Set(responses(spec).flatMap((r) => Object.keys(r?.content ?? {}).map((t) => t.split(";")[0].trim().toLowerCase())));
  if (!types.size) throw new Error("no response of the spec declares a media type: the proxy would refuse every answer");
  return [...types].sort();
}
