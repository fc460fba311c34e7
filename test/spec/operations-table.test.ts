// The generated operations table says what the reference documents about each operation, and
// carries the spec's parameter bounds as the spec writes them. Expectations come from the
// reference data (openapi/reference/api.json) and the spec, not from the table itself.
import { expect, test } from "vitest";
import { operations } from "../../packages/client/src/generated/operations.gen.ts";
import { readSeedApi } from "../support/seed.ts";
import { spec } from "../support/spec.ts";

const api = readSeedApi();
const table = Object.values(operations);

test("every operation of the reference is in the table, with its method and path template", () => {
  const rows = table.map((o) => `${o.method} ${o.path}`).sort();
  for (const op of api.operations) expect(rows).toContain(`${op.method} ${op.path}`);
  // And nothing is in the table that the spec does not declare.
  const declared = Object.entries(spec.paths).flatMap(([p, item]: [string, any]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${p}`));
  expect(rows).toEqual(declared.sort());
});

test("query parameters, multipart and streaming flags follow the reference", () => {
  for (const op of api.operations) {
    const row = table.find((o) => o.method === op.method && o.path === op.path)!;
    expect(
      row.params
        .filter((p) => p.in === "query")
        .map((p) => p.name)
        .sort(),
    ).toEqual([...op.query].sort());
    expect(row.multipart).toBe(op.multipartField !== undefined);
    expect(Boolean(row.streaming)).toBe(op.streaming === true);
    if (op.multipartField) expect(row.body?.contentType).toBe("multipart/form-data");
  }
});

test("path parameters are those of the path template, and required", () => {
  for (const row of table) {
    const inTemplate = [...row.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
    expect(row.params.filter((p) => p.in === "path").map((p) => [p.name, p.required])).toEqual(inTemplate.map((n) => [n, true]));
  }
});

test("parameter bounds and defaults are the spec's own", () => {
  for (const row of table)
    for (const p of row.params) {
      const declared = spec.paths[row.path][row.method.toLowerCase()].parameters
        .map((x: any) => (x.$ref ? spec.components.parameters[x.$ref.split("/").pop()] : x))
        .find((x: any) => x.name === p.name && x.in === p.in);
      for (const key of ["type", "minimum", "maximum", "default", "minLength", "maxLength", "enum"])
        expect([p.name, key, (p.schema as Record<string, unknown>)[key]]).toEqual([p.name, key, declared.schema[key]]);
    }
});

test("a create carries the body field of its idempotency key, which the reference requires", () => {
  expect(api.idempotencyKeyRequired).toBe(true);
  for (const op of api.operations.filter((o) => o.requestFields.includes("idempotency_key"))) {
    const row = table.find((o) => o.method === op.method && o.path === op.path)!;
    expect(row.body?.idempotencyKey).toBe("idempotency_key");
  }
});

test("the polled operation's x- extensions hold the reference's poll interval", () => {
  const polled = table.find((o) => "x-monet-poll-interval-ms" in o.extensions);
  expect(polled?.method).toBe("GET");
  expect(polled?.path).toContain("{");
  expect((polled!.extensions as Record<string, unknown>)["x-monet-poll-interval-ms"]).toBe(api.pollIntervalSeconds * 1000);
});
