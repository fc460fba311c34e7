// The generated operations table says what the reference documents about each operation, and
// carries the spec's parameter bounds as the spec writes them. Expectations come from the
// reference data (openapi/reference/api.json) and the spec, not from the table itself.
import fs from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";
import { operations } from "../../packages/client/src/generated/operations.gen.ts";
import { writeBundle } from "../../scripts/bundle.mjs";
import { specOperations } from "../../scripts/gen-operations.mjs";
import { readBundledSpec } from "../../scripts/spec-models.mjs";
import { readSeedApi } from "../support/seed.ts";
import { spec } from "../support/spec.ts";
import { editedSpec } from "../support/spec-copy.ts";

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
    // The form field the file is sent in: the client writes it and the mock reads it from here.
    expect(row.multipart ? row.multipart.fileField : undefined).toBe(op.multipartField);
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

// The upload's form field was written by hand in the client and the mock (s21 audit L4): renamed
// in a copy of the spec, the row names the new field, and the client and mock read it there.
test("the multipart row's file field is the spec's FileUpload field, and follows a rename", () => {
  const [field] = Object.entries<any>(spec.components.schemas.FileUpload.properties).find(([, p]) => p.format === "binary")!;
  const row = table.find((o) => o.multipart)!;
  expect(row.multipart ? row.multipart.fileField : undefined).toBe(field);
  const root = editedSpec("monet-file-field-", "schemas/FileUpload.yaml", (t) =>
    t.replace(`required: [${field}]`, "required: [upload]").replace(`\n  ${field}:\n`, "\n  upload:\n"),
  );
  try {
    writeBundle(path.join(root, "openapi/src"), path.join(root, "openapi/dist"));
    const renamed = specOperations(readBundledSpec(root)).find((o: { operationId: string }) => o.operationId === row.operationId);
    expect(renamed?.multipart).toEqual({ fileField: "upload" });
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
