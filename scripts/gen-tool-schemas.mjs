// What an agent's tool needs of each operation beyond the operations table: its summary and
// description, each parameter's JSON Schema with its description, and the request and response
// bodies as standalone JSON Schemas (every $ref inlined, no `x-` or OpenAPI-only keyword, which
// strict validators refuse). The MCP server builds its tools from it, so an operation added to
// the spec becomes a tool with no hand edit. Each schema is written once, by name.
import fs from "node:fs";
import path from "node:path";
import { specOperations } from "./gen-operations.mjs";
import { GENERATED_NOTE } from "./generated-note.mjs";
import { HTTP_METHODS, inlineRefs, noVendorKeys, readBundledSpec } from "./spec-models.mjs";

export const TOOL_SCHEMAS_OUT = "packages/mcp/src/generated/api.gen.ts";
const OPENAPI_ONLY = new Set(["discriminator", "xml", "externalDocs", "example"]);

/** A tool's schema: standalone, without `x-` and OpenAPI-only keywords (strict validators refuse them). */
const standalone = (spec, node) => inlineRefs(spec, node, (k) => noVendorKeys(k) && !OPENAPI_ONLY.has(k));

export function toolSchemas(spec) {
  const ops = specOperations(spec);
  const byId = {};
  for (const item of Object.values(spec.paths)) for (const m of HTTP_METHODS) if (item[m]) byId[item[m].operationId] = { item, op: item[m] };
  const names = new Set();
  const operations = {};
  for (const row of ops) {
    const { item, op } = byId[row.operationId];
    const declared = [...(op.parameters ?? []), ...(item.parameters ?? [])].map((p) => standalone(spec, p));
    const params = Object.fromEntries(
      row.params.map((p) => {
        const d = declared.find((x) => x.name === p.name && x.in === p.in);
        return [p.name, { ...d.schema, ...(d.description ? { description: d.description.trim() } : {}) }];
      }),
    );
    for (const n of [row.body?.schema, row.response.schema, row.streaming?.event]) if (n) names.add(n);
    operations[row.operationId] = { summary: op.summary ?? row.operationId, description: (op.description ?? "").trim(), params };
  }
  const schemas = Object.fromEntries([...names].sort().map((n) => [n, standalone(spec, spec.components.schemas[n])]));
  return { operations, schemas };
}

export function toolSchemasModule({ operations, schemas }) {
  return `// ${GENERATED_NOTE}
// Each operation's summary, description and parameter schemas, and the body schemas the
// operations table names (standalone JSON Schemas), for the MCP server's tools.

type Schema = Record<string, unknown>;

export interface OperationDocs {
  summary: string;
  description: string;
  /** Each path and query parameter's JSON Schema, with its description. */
  params: Record<string, Schema>;
}

export const operationDocs: Record<string, OperationDocs> = ${JSON.stringify(operations, null, 2)};

/** The request and response bodies the operations table names, by schema name. */
export const schemas: Record<string, Schema> = ${JSON.stringify(schemas)};
`;
}

export function generateToolSchemas({ out }) {
  const file = path.join(out, TOOL_SCHEMAS_OUT);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, toolSchemasModule(toolSchemas(readBundledSpec(out))));
}
