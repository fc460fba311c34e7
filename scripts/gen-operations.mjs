// The operations table: every operation of the bundled spec as data (method, path template,
// path and query parameters with their bounds, defaults and enums, request and response schema
// names, content types, streaming and multipart flags, `x-` extensions), and the TypeScript
// types of each operation's parameters and response. The client's transport and argument
// checks read it, so an operation added to the spec needs no hand-written code.
import fs from "node:fs";
import path from "node:path";
import { GENERATED_NOTE } from "./generated-note.mjs";
import { HTTP_METHODS, readBundledSpec, refName, resolveComponent } from "./spec-models.mjs";

export const OPERATIONS_OUT = "packages/client/src/generated/operations.gen.ts";
// One file per operation, so a bundle loads at start only the rows it uses there (bundlers
// split code by file): the client's create + wait path needs two of them.
export const OPERATION_ROWS_OUT = "packages/client/src/generated/operations";

// The schema keywords an argument check needs, with their TypeScript types in the row type
// (OpenAPI 3.1: `type` may be a list); descriptions and examples stay in the spec.
const SCHEMA_KEY_TYPES = {
  type: "string | readonly string[]",
  enum: "readonly unknown[]",
  const: "unknown",
  default: "unknown",
  minimum: "number",
  maximum: "number",
  exclusiveMinimum: "number",
  exclusiveMaximum: "number",
  minLength: "number",
  maxLength: "number",
  pattern: "string",
  format: "string",
};
const SCHEMA_KEYS = Object.keys(SCHEMA_KEY_TYPES);
const JSON_TYPE = /^application\/(.+\+)?json$/;

/** The keys of `o` named in `keys` that it has (undefined counts as absent). */
const pick = (o, keys) => Object.fromEntries(keys.filter((k) => o?.[k] !== undefined).map((k) => [k, o[k]]));

const extensions = (o) => Object.fromEntries(Object.entries(o ?? {}).filter(([k]) => k.startsWith("x-")));

/** The operations of a bundled spec, in spec order, as plain data. */
export function specOperations(spec) {
  const resolve = (o, kind) => resolveComponent(spec, o, kind);
  const ops = [];
  for (const [p, item] of Object.entries(spec.paths)) {
    for (const method of HTTP_METHODS) {
      const op = item[method];
      if (!op) continue;
      // Path-level parameters apply too, unless the operation overrides one (same name and place).
      const all = [...(op.parameters ?? []), ...(item.parameters ?? [])].map((x) => resolve(x, "parameters"));
      const params = all
        .filter((x, i) => all.findIndex((y) => y.name === x.name && y.in === x.in) === i && (x.in === "path" || x.in === "query"))
        .map((x) => ({
          name: x.name,
          in: x.in,
          required: x.in === "path" || x.required === true,
          schema: pick(x.schema, SCHEMA_KEYS),
        }));
      const rb = resolve(op.requestBody, "requestBodies");
      const [bodyType, bodyMedia] = Object.entries(rb?.content ?? {})[0] ?? [];
      const bodySchema = bodyMedia?.schema?.$ref ? refName(bodyMedia.schema.$ref) : undefined;
      const [status, okResponse] = Object.entries(op.responses ?? {}).find(([s]) => /^2\d\d$/.test(s)) ?? [];
      const ok = resolve(okResponse, "responses");
      const [responseType, responseMedia] = Object.entries(ok?.content ?? {})[0] ?? [];
      const stream = responseType === "text/event-stream";
      // The body is text; its `contentSchema` names one event's data.
      const event = responseMedia?.schema?.contentSchema?.$ref;
      ops.push({
        operationId: op.operationId,
        method: method.toUpperCase(),
        path: p,
        params,
        body: rb
          ? {
              schema: bodySchema ?? null,
              contentType: bodyType,
              required: rb.required === true,
              idempotencyKey: bodySchema ? idempotencyField(spec, bodySchema) : null,
            }
          : null,
        response: {
          status: Number(status ?? 200),
          schema: responseMedia?.schema?.$ref ? refName(responseMedia.schema.$ref) : null,
          contentType: responseType ?? null,
        },
        streaming: stream ? { event: event ? refName(event) : null } : false,
        multipart: bodyType === "multipart/form-data" ? { fileField: fileField(resolve(bodyMedia?.schema, "schemas"), op.operationId) } : false,
        json: JSON_TYPE.test(responseType ?? ""),
        extensions: extensions(op),
      });
    }
  }
  return ops;
}

/** The body field that carries the idempotency key (a property whose schema is `IdempotencyKey`). */
function idempotencyField(spec, schemaName) {
  const schemas = spec.components.schemas;
  const seen = new Set();
  const visit = (s) => {
    if (!s || seen.has(s)) return null;
    seen.add(s);
    if (s.$ref) return visit(schemas[refName(s.$ref)]);
    for (const [name, prop] of Object.entries(s.properties ?? {})) if (prop.$ref && refName(prop.$ref) === "IdempotencyKey") return name;
    for (const branch of [...(s.oneOf ?? []), ...(s.anyOf ?? []), ...(s.allOf ?? [])]) {
      const found = visit(branch);
      if (found) return found;
    }
    return null;
  };
  return visit(schemas[schemaName]);
}

/**
 * The form field a multipart body's file is sent in (FileUpload's `file`): its one property of
 * bytes (`format: binary` or a `contentMediaType`). The client and the mock read the name here.
 */
function fileField(schema, operationId) {
  const fields = Object.entries(schema?.properties ?? {}).filter(([, p]) => p.format === "binary" || p.contentMediaType !== undefined);
  if (fields.length !== 1)
    throw new Error(`${operationId}: a multipart body needs exactly one file field (format: binary), found ${fields.map(([n]) => n).join(", ") || "none"}`);
  return fields[0][0];
}

const typeName = (id) => id[0].toUpperCase() + id.slice(1);

// The type of one row of the table, widened: what any operation of any spec can have (every
// method, parameter place and schema keyword), not the literal of one. It states the shape that
// specOperations builds, so it sits here; the client exports it and the CLI and MCP server read
// rows through it. Every generated row is checked against it (`satisfies`), so a change to
// specOperations that breaks the shape fails the type check.
export const OPERATION_ROW_OUT = "packages/client/src/generated/operation-row.gen.ts";

export function operationRowModule() {
  const schemaKeys = Object.entries(SCHEMA_KEY_TYPES).map(([k, t]) => `  readonly ${k}?: ${t};`);
  return `// ${GENERATED_NOTE}
// The type of one row of the operations table (scripts/gen-operations.mjs builds the rows).

/** An HTTP method an operation may have (OpenAPI 3.1 path item). */
export type HttpMethod = ${HTTP_METHODS.map((m) => JSON.stringify(m.toUpperCase())).join(" | ")};

/** The JSON Schema keywords of a parameter that an argument check needs. */
export type ParamSchema = {
${schemaKeys.join("\n")}
};

/** A path or query parameter of an operation (path ones are always required). */
export type ParamRow = {
  readonly name: string;
  readonly in: "path" | "query";
  readonly required: boolean;
  readonly schema: ParamSchema;
};

/** One operation of the spec as data: a row of the operations table. */
export type OperationRow = {
  readonly operationId: string;
  readonly method: HttpMethod;
  /** The path template: \`/api/v1/tasks/{taskId}\`. */
  readonly path: string;
  readonly params: readonly ParamRow[];
  /** The request body; \`idempotencyKey\` names the body field that carries the idempotency key. */
  readonly body: { readonly schema: string | null; readonly contentType: string; readonly required: boolean; readonly idempotencyKey: string | null } | null;
  /** The first 2xx response: its status, schema name and content type. */
  readonly response: { readonly status: number; readonly schema: string | null; readonly contentType: string | null };
  /** An event stream (text/event-stream), with the schema name of one event's data. */
  readonly streaming: false | { readonly event: string | null };
  /** A multipart/form-data body, with the form field its file is sent in; false for any other. */
  readonly multipart: false | { readonly fileField: string };
  /** The response is JSON. */
  readonly json: boolean;
  /** The operation's \`x-\` extensions, such as its poll interval. */
  readonly extensions: Readonly<Record<\`x-\${string}\`, unknown>>;
};

/** What a call needs of an operation: a full row, or its start-path view (calls.gen.ts). */
export type OperationCall = Pick<OperationRow, "method" | "path"> & {
  readonly params: readonly Pick<ParamRow, "name" | "in" | "schema">[];
  readonly extensions?: OperationRow["extensions"];
};
`;
}

/** One operation's row, as its own module. */
export function operationModule(op) {
  return `// ${GENERATED_NOTE}

import type { OperationRow } from "../operation-row.gen.js";

export const ${op.operationId} = ${JSON.stringify(op, null, 2)} as const satisfies OperationRow;
`;
}

/** The table: every row by operationId, and the types of each operation's arguments and response. */
/** Where a user makes an API key: the bearer scheme's x-monet-keys-url, for messages about a missing key. */
export function keysUrl(spec) {
  const schemes = Object.values(spec.components?.securitySchemes ?? {});
  const url = schemes.find((s) => s.scheme === "bearer")?.["x-monet-keys-url"];
  if (typeof url !== "string" || !/^https:\/\//.test(url))
    throw new Error("the bearer security scheme needs x-monet-keys-url: the https page where API keys are made");
  return url;
}

/**
 * The docs site (the spec root's externalDocs), with a trailing slash: input errors link its
 * sections (`${DOCS_URL}#/quick-start/...`), which a bare `#/...` cannot do outside the site.
 */
export function docsUrl(spec) {
  const url = spec.externalDocs?.url;
  if (typeof url !== "string" || !/^https:\/\/\S+$/.test(url)) throw new Error("the spec root needs externalDocs.url: the https address of the docs site");
  return url.endsWith("/") ? url : `${url}/`;
}

export function operationsModule(ops, keys, docs, typesFrom = "@monet-ai/models/spec") {
  const imports = new Set();
  const types = ops.map((op) => {
    const T = typeName(op.operationId);
    imports.add(`${T}Data`);
    let response = "void";
    if (op.streaming) {
      if (op.streaming.event) imports.add(op.streaming.event);
      response = `AsyncIterable<${op.streaming.event ?? "unknown"}>`;
    } else if (op.json) {
      imports.add(`${T}Responses`);
      response = `${T}Responses[${op.response.status}]`;
    } else if (op.response.contentType) response = "Response";
    // The client fills in the idempotency key when it is left out.
    const params = op.body?.idempotencyKey
      ? `Omit<${T}Data, "url" | "body"> & { body: OptionalKey<${T}Data["body"], ${JSON.stringify(op.body.idempotencyKey)}> }`
      : `Omit<${T}Data, "url">`;
    return `  ${op.operationId}: { params: ${params}; response: ${response} };`;
  });
  return `// ${GENERATED_NOTE}
// Every operation of the spec as data (one module per row, in ./operations/), and the types of
// its arguments and response.

import type { ${[...imports].sort().join(", ")} } from "${typesFrom}";
${ops.map((o) => `import { ${o.operationId} } from "./operations/${o.operationId}.gen.js";`).join("\n")}

export type { HttpMethod, OperationCall, OperationRow, ParamRow, ParamSchema } from "./operation-row.gen.js";
export { ${ops.map((o) => o.operationId).join(", ")} };

/** Every operation, by operationId. */
export const operations = { ${ops.map((o) => o.operationId).join(", ")} } as const;

export type OperationId = keyof typeof operations;
export type Operation = (typeof operations)[OperationId];

/** Where API keys are made (the bearer scheme's x-monet-keys-url). */
export const KEYS_URL = ${JSON.stringify(keys)};

/** The docs site (the spec's externalDocs), which input errors link (\`\${DOCS_URL}#/quick-start/...\`). The validator links the same URL by default (@monet-ai/models' rules carry it). */
export const DOCS_URL = ${JSON.stringify(docs)};

/** \`B\` with its field \`K\` optional, in each branch of a union. */
type OptionalKey<B, K extends PropertyKey> = B extends unknown ? Omit<B, K> & Partial<Pick<B, K & keyof B>> : never;

/** What each operation takes (path, query, body) and what it resolves with. */
export interface OperationTypes {
${types.join("\n")}
}
`;
}

/** The table as plain data (no types), for the packages that do not depend on the client. */
export function operationsDataModule(ops) {
  const table = Object.fromEntries(ops.map((op) => [op.operationId, op]));
  return `// ${GENERATED_NOTE}\n// Every operation of the spec as data (the same table as @monet-ai/client/operations).\n\nexport const operations = ${JSON.stringify(table, null, 2)} as const;\n\nexport type OperationId = keyof typeof operations;\n`;
}

// The mock's answer for an operation it does not simulate: the spec's documented success
// response (status, content type, example body), so a new operation is usable there at once.
export const MOCK_EXAMPLES_OUT = "packages/mock/src/generated/success-examples.gen.ts";

/**
 * Each operation's first 2xx response as the spec documents it: its media type's `example`, or
 * the first of its `examples`, or its schema's first `examples` entry; a response with no content is documented by its status alone.
 * An operation whose success response has content but no example is left out (the mock says 501).
 */
export function successExamples(spec) {
  const out = {};
  for (const item of Object.values(spec.paths))
    for (const method of HTTP_METHODS) {
      const op = item[method];
      const [status, response] = Object.entries(op?.responses ?? {}).find(([s]) => /^2\d\d$/.test(s)) ?? [];
      if (!response) continue;
      const ok = resolveComponent(spec, response, "responses");
      const [contentType, media] = Object.entries(ok?.content ?? {})[0] ?? [];
      if (!contentType) {
        out[op.operationId] = { status: Number(status), contentType: null, body: null };
        continue;
      }
      const first = Object.values(media.examples ?? {})[0];
      // Else the schema's own first example (getTask's Task): the mock answers it for the
      // example's id, so the reference's "Get a task" samples run on it unchanged.
      const schema = resolveComponent(spec, media.schema, "schemas");
      const example = media.example ?? resolveComponent(spec, first, "examples")?.value ?? schema?.examples?.[0];
      if (example !== undefined) out[op.operationId] = { status: Number(status), contentType, body: example };
    }
  return out;
}

export function successExamplesModule(examples) {
  return `// ${GENERATED_NOTE}\n// Each operation's documented success response (status, content type, example body), from the spec.\n\nexport const successExamples: Readonly<Record<string, { readonly status: number; readonly contentType: string | null; readonly body: unknown }>> = ${JSON.stringify(examples, null, 2)};\n`;
}

// The \`error.code\` of each error status, from the spec's documented error responses, so the mock's
// injected \`status\` faults answer with the spec's code and a new error response needs no hand edit.
export const MOCK_ERROR_CODES_OUT = "packages/mock/src/generated/error-codes.gen.ts";

/** Each 4xx/5xx status the spec documents, with its example's \`error.code\` (the first operation's, in spec order). */
export function errorCodes(spec) {
  const out = {};
  for (const item of Object.values(spec.paths))
    for (const method of HTTP_METHODS)
      for (const [status, response] of Object.entries(item[method]?.responses ?? {})) {
        if (!/^[45]\d\d$/.test(status) || Object.hasOwn(out, status)) continue;
        const media = resolveComponent(spec, response, "responses")?.content?.["application/json"];
        const first = Object.values(media?.examples ?? {})[0];
        const code = (media?.example ?? resolveComponent(spec, first, "examples")?.value)?.error?.code;
        if (typeof code === "string") out[status] = code;
      }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a - b));
}

export function errorCodesModule(codes) {
  return `// ${GENERATED_NOTE}\n// The \`error.code\` of each error status the spec documents, from its example.\n\nexport const specErrorCodes: Readonly<Record<string, string>> = ${JSON.stringify(codes, null, 2)};\n`;
}

// The mock checks the JSON body of an operation it does not simulate against the spec's schema of
// that body (its src/request-body.ts, with Ajv): each such body by operationId, with the
// component schemas it reaches, so a new operation's body is checked with no hand edit.
export const MOCK_BODIES_OUT = "packages/mock/src/generated/request-bodies.gen.ts";
const SCHEMA_REF = "#/components/schemas/";

/** Each operation's JSON request body (`required`, `schema`) and the component schemas their $refs reach. */
export function requestBodies(spec) {
  const bodies = {};
  for (const item of Object.values(spec.paths))
    for (const method of HTTP_METHODS) {
      const op = item[method];
      const body = op?.requestBody && resolveComponent(spec, op.requestBody, "requestBodies");
      const [contentType, media] = Object.entries(body?.content ?? {})[0] ?? [];
      if (contentType && /^application\/(.+\+)?json$/.test(contentType) && media.schema)
        bodies[op.operationId] = { required: body.required === true, schema: media.schema };
    }
  const schemas = {};
  const visit = (node) => {
    if (!node || typeof node !== "object") return;
    const name = typeof node.$ref === "string" && node.$ref.startsWith(SCHEMA_REF) ? node.$ref.slice(SCHEMA_REF.length) : undefined;
    if (name && !Object.hasOwn(schemas, name)) {
      schemas[name] = spec.components.schemas[name];
      visit(schemas[name]);
    }
    for (const v of Object.values(node)) visit(v);
  };
  visit(bodies);
  return { bodies, components: { schemas } };
}

export function requestBodiesModule({ bodies, components }) {
  return `// ${GENERATED_NOTE}\n// Each operation's JSON request body schema (by operationId) and the component schemas it reaches, from the spec.\n\nexport const requestBodies: Readonly<Record<string, { readonly required: boolean; readonly schema: object }>> = ${JSON.stringify(bodies)};\n\nexport const components = ${JSON.stringify(components)};\n`;
}

// The mock and the proxy read the same table: each gets a copy, since neither depends on the client.
export const OPERATION_COPIES = ["packages/mock/src/generated/operations.gen.ts", "packages/proxy/src/generated/operations.gen.ts"];

// What the client's start path needs of each operation, and nothing else: method, path, path
// arguments with their length bounds and pattern, and the x- extensions that path reads. Bundlers drop the
// unused calls, and the full rows (response schemas, content types, flags, every extension) load
// only with \`request\` and the tools.
export const OPERATION_CALLS_OUT = "packages/client/src/generated/calls.gen.ts";
// Read at start by the client (poll-interval.ts); an app loading create + wait pays for each byte.
const START_EXTENSIONS = ["x-monet-poll-interval-ms"];

export function callsModule(ops) {
  const call = (op) => {
    const extensions = pick(op.extensions, START_EXTENSIONS);
    return {
      method: op.method,
      path: op.path,
      params: op.params
        .filter((p) => p.in === "path")
        .map(({ name, schema }) => ({ name, in: "path", schema: pick(schema, ["minLength", "maxLength", "pattern"]) })),
      ...(Object.keys(extensions).length ? { extensions } : {}),
    };
  };
  return `// ${GENERATED_NOTE}\n// The start path's view of each operation (see scripts/gen-operations.mjs).\n\nimport type { OperationCall } from "./operation-row.gen.js";\n\n/** The folder every operation's path starts with: a base URL that ends with it is a mistake. */\nexport const API_ROOT = ${JSON.stringify(apiRoot(ops))};\n\n${ops.map((op) => `export const ${op.operationId}Call = ${JSON.stringify(call(op))} as const satisfies OperationCall;\n`).join("")}`;
}

/** The longest folder all paths share ("/api/v1"), or "" when they share none. */
export function apiRoot(ops) {
  const paths = ops.map((o) => o.path);
  let shared = paths[0] ?? "";
  for (const p of paths) while (!p.startsWith(shared)) shared = shared.slice(0, -1);
  return shared.slice(0, shared.lastIndexOf("/"));
}

export function generateOperations({ out }) {
  const spec = readBundledSpec(out);
  const ops = specOperations(spec);
  const rows = path.join(out, OPERATION_ROWS_OUT);
  fs.mkdirSync(rows, { recursive: true });
  for (const op of ops) fs.writeFileSync(path.join(rows, `${op.operationId}.gen.ts`), operationModule(op));
  fs.writeFileSync(path.join(out, OPERATION_ROW_OUT), operationRowModule());
  fs.writeFileSync(path.join(out, OPERATIONS_OUT), operationsModule(ops, keysUrl(spec), docsUrl(spec)));
  fs.writeFileSync(path.join(out, OPERATION_CALLS_OUT), callsModule(ops));
  fs.mkdirSync(path.dirname(path.join(out, MOCK_EXAMPLES_OUT)), { recursive: true });
  fs.writeFileSync(path.join(out, MOCK_EXAMPLES_OUT), successExamplesModule(successExamples(spec)));
  fs.writeFileSync(path.join(out, MOCK_BODIES_OUT), requestBodiesModule(requestBodies(spec)));
  fs.writeFileSync(path.join(out, MOCK_ERROR_CODES_OUT), errorCodesModule(errorCodes(spec)));
  for (const copy of OPERATION_COPIES) {
    fs.mkdirSync(path.dirname(path.join(out, copy)), { recursive: true });
    fs.writeFileSync(path.join(out, copy), operationsDataModule(ops));
  }
}
