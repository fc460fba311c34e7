// One tool per operation of the API that no friendly tool covers, built from the operations
// table and the spec's schemas: an operation added to the spec reaches agents with no hand edit.
// The tool's arguments are the operation's path and query parameters (their names, bounds and
// descriptions are the spec's) and, when it takes one, its JSON `body`. Calls go through
// `monet.request`, so retries, typed errors and key redaction are the client's.
import type { Monet, RequestOptions } from "@monet-ai/client";
import { type OperationRow, requestById, operations as table } from "@monet-ai/client/operations";
import { operationDocs, schemas } from "./generated/api.gen.js";
import type { ToolDef } from "./tools.js";

type Schema = (typeof schemas)[string];

/** Where the tools come from: the generated table and schemas, or (in tests) a copy with another row. */
export interface OperationSource {
  table: Readonly<Record<string, OperationRow>>;
  docs: typeof operationDocs;
  schemas: typeof schemas;
}

export const generatedSource: OperationSource = { table, docs: operationDocs, schemas };

export interface OperationTool extends ToolDef {
  operation: OperationRow;
}

/** `cancelTask` -> `cancel_task`. */
export const toolName = (operationId: string) => operationId.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();

/**
 * A tool for each operation not in `covered`. Multipart operations are left out: reading a local
 * file needs the folder checks of upload_file, which a generic tool cannot know to make.
 */
export function operationTools(covered: ReadonlySet<string>, source: OperationSource = generatedSource): OperationTool[] {
  return Object.values(source.table)
    .filter((op) => !covered.has(op.operationId) && !op.multipart)
    .map((op) => {
      const docs = source.docs[op.operationId];
      const properties: Record<string, Schema> = {};
      for (const p of op.params) properties[p.name] = docs?.params[p.name] ?? { ...p.schema };
      const required = op.params.filter((p) => p.required).map((p) => p.name);
      if (op.body) {
        const schema = (op.body.schema && source.schemas[op.body.schema]) || {};
        properties.body = { ...schema, description: `The request body (${op.body.contentType}).` };
        if (op.body.required) required.push("body");
      }
      const response = op.response.schema ? source.schemas[op.response.schema] : undefined;
      const eventName = op.streaming ? op.streaming.event : undefined;
      const event = eventName ? source.schemas[eventName] : undefined;
      const outputSchema: Schema | undefined = op.streaming
        ? { type: "object", required: ["events"], properties: { events: { type: "array", items: event ?? {} } } }
        : response?.type === "object"
          ? response
          : undefined;
      const title = docs?.summary ?? op.operationId;
      return {
        name: toolName(op.operationId),
        title,
        description: `${title}: ${op.method} ${op.path}.${docs?.description ? ` ${docs.description}` : ""}`,
        inputSchema: { type: "object", properties, ...(required.length ? { required } : {}), additionalProperties: false },
        ...(outputSchema ? { outputSchema } : {}),
        annotations: {
          title,
          readOnlyHint: op.method === "GET" || op.method === "HEAD",
          destructiveHint: op.method === "DELETE",
          idempotentHint: ["GET", "HEAD", "PUT", "DELETE"].includes(op.method),
          openWorldHint: true,
        },
        operation: op,
      };
    });
}

/**
 * Runs a tool's call: arguments back to path, query and body; the answer as an object for
 * structuredContent. `options` (the call's bound) covers a streaming answer's events too.
 */
export async function callOperation(
  monet: Monet,
  tool: OperationTool,
  args: Record<string, unknown>,
  options: RequestOptions,
): Promise<Record<string, unknown>> {
  const op = tool.operation;
  const pick = (where: string) => Object.fromEntries(op.params.filter((p) => p.in === where && args[p.name] !== undefined).map((p) => [p.name, args[p.name]]));
  const params = { path: pick("path"), query: pick("query"), ...(args.body !== undefined ? { body: args.body } : {}) };
  const result = await requestById(monet, op.operationId, params, options);
  if (op.streaming) {
    const events: unknown[] = [];
    for await (const e of result as AsyncIterable<unknown>) events.push(e);
    return { events };
  }
  if (result instanceof Response) {
    // Bytes of unknown size are not an agent's to read: it learns what came, not the body.
    await result.body?.cancel();
    return { status: result.status, contentType: result.headers.get("content-type") };
  }
  if (result && typeof result === "object" && !Array.isArray(result)) return result as Record<string, unknown>;
  return result === undefined ? {} : { result };
}
