// The spec's operations say what the reference documents about them: method and path, request
// and response fields, list query parameters, the multipart field, streaming, the statuses, auth.
// Expectations come from the reference data (openapi/reference/api.json), not from the spec.
import { describe, expect, test } from "vitest";
import { readSeedApi } from "../support/seed.ts";
import { spec } from "../support/spec.ts";

const api = readSeedApi();

/** Resolves a local `$ref` (and follows chains of them) in the bundled spec. */
function deref(node: any): any {
  while (node?.$ref)
    node = node.$ref
      .slice(2)
      .split("/")
      .reduce((o: any, k: string) => o[k], spec);
  return node;
}

/** Every dotted field path a schema can hold (`outputs[].url`), through refs, unions and arrays. */
function schemaFields(node: any, at = "", out = new Set<string>()): Set<string> {
  node = deref(node);
  if (!node || typeof node !== "object") return out;
  for (const branch of [...(node.oneOf ?? []), ...(node.anyOf ?? []), ...(node.allOf ?? [])]) schemaFields(branch, at, out);
  if (node.items) schemaFields(node.items, `${at}[]`, out);
  for (const [k, v] of Object.entries(node.properties ?? {})) {
    const name = at ? `${at}.${k}` : k;
    out.add(name);
    schemaFields(v, name, out);
  }
  return out;
}

test("the spec has exactly the reference's operations", () => {
  const ops = Object.entries(spec.paths).flatMap(([p, item]: [string, any]) =>
    Object.keys(item)
      .filter((m) => m !== "parameters")
      .map((m) => `${m.toUpperCase()} ${p}`),
  );
  expect(ops.sort()).toEqual(api.operations.map((o) => `${o.method} ${o.path}`).sort());
});

describe.each(api.operations)("$method $path", (o) => {
  const op = spec.paths[o.path][o.method.toLowerCase()];

  test("takes the documented request fields", () => {
    const body = deref(op.requestBody)?.content ?? {};
    const fields = new Set<string>();
    for (const media of Object.values<any>(body)) schemaFields(media.schema, "", fields);
    for (const f of o.requestFields) expect([...fields], f).toContain(f);
    if (o.multipartField) expect(Object.keys(body)).toEqual(["multipart/form-data"]);
    if (o.multipartField) expect([...fields]).toContain(o.multipartField);
  });

  test("takes the documented query parameters", () => {
    const names = (op.parameters ?? [])
      .map(deref)
      .filter((p: any) => p.in === "query")
      .map((p: any) => p.name);
    expect(names.sort()).toEqual([...o.query].sort());
  });

  test("answers the documented response fields", () => {
    const ok = deref(op.responses["200"]);
    if (o.streaming) {
      expect(Object.keys(ok.content)).toContain("text/event-stream");
      return;
    }
    const fields = schemaFields(ok.content["application/json"].schema);
    for (const f of o.responseFields) expect([...fields], f).toContain(f);
  });

  test("is authenticated with the documented scheme", () => {
    const schemes = (op.security ?? spec.security).flatMap((s: Record<string, unknown>) => Object.keys(s));
    expect(schemes.map((s: string) => spec.components.securitySchemes[s].scheme.toLowerCase())).toEqual([api.authScheme.toLowerCase()]);
  });
});

test("idempotency_key is required on every create, as the reference insists", () => {
  expect(api.idempotencyKeyRequired).toBe(true);
  for (const o of api.operations.filter((x) => x.requestFields.includes("idempotency_key"))) {
    const schema = deref(deref(spec.paths[o.path].post.requestBody).content["application/json"].schema);
    const branches = (schema.oneOf ?? [schema]).map(deref);
    for (const b of branches) expect(b.required, `${o.path} ${b.title}`).toContain("idempotency_key");
  }
});

test("the task status's known values hold every status the reference shows", () => {
  const status = deref(spec.components.schemas.TaskStatus);
  const known = status.anyOf.find((b: any) => b.enum).enum;
  for (const s of api.statuses) expect(known).toContain(s);
});

test("the spec states the reference's poll interval, file lifetime and key variable", () => {
  const text = JSON.stringify(spec);
  expect(text).toContain(`every **${api.pollIntervalSeconds} seconds**`);
  expect(text).toContain(`${api.fileRetentionHours} hours`);
  expect(text).toContain(api.apiKeyEnv);
});

test("the operation that is polled carries the reference's poll interval as data, for clients to read", () => {
  const getTask = spec.paths["/api/v1/tasks/{taskId}"].get;
  expect(getTask["x-monet-poll-interval-ms"]).toBe(api.pollIntervalSeconds * 1000);
});

test("the upload operation carries the reference's file lifetime, and a size limit, as data for the mock and tools to read", () => {
  const upload = spec.paths["/api/v1/files"].post;
  expect(upload["x-monet-file-lifetime-ms"]).toBe(api.fileRetentionHours * 60 * 60 * 1000);
  expect(Number.isInteger(upload["x-monet-max-upload-bytes"]) && upload["x-monet-max-upload-bytes"] > 0).toBe(true);
  // The reference names no size limit: the spec says the limit is assumed.
  expect(upload["x-monet-inferred"]).toContain("x-monet-max-upload-bytes");
});

test("the statuses the spec marks final are the reference's (it polls until success or failed), and pending is not one", () => {
  const status = spec.components.schemas.TaskStatus;
  expect([...status["x-monet-final"]].sort()).toEqual(api.statuses.filter((s: string) => s !== "pending"));
  expect(status["x-monet-final"]).toContain(status["x-monet-success"]);
  expect(api.statuses).toContain(status["x-monet-success"]);
});
