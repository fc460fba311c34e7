// Every example in the spec validates against its schema, and every invalid input of the seed's
// table is rejected with the offending field named (Ajv, JSON Schema 2020-12).
import { describe, expect, test } from "vitest";
import { fullInput, invalidCases, minimalInput, wrongTypeCases } from "../support/cases.ts";
import { readSeedModels } from "../support/seed.ts";
import { errorFields, modelSchemaName, schemas, spec, validator } from "../support/spec.ts";
import { parseSse } from "../support/sse.ts";

const seed = readSeedModels();

describe("examples in the spec", () => {
  test.each(Object.keys(schemas).filter((n) => schemas[n].examples))("schema %s: every example is valid", (name) => {
    const v = validator(name);
    for (const ex of schemas[name].examples) expect(v(ex) ? [] : errorFields(v.errors)).toEqual([]);
  });

  const mediaExamples: [string, any, unknown][] = [];
  for (const [p, item] of Object.entries<any>(spec.paths))
    for (const [method, op] of Object.entries<any>(item)) {
      const bodies = [["request", op.requestBody?.$ref ? spec.components.requestBodies[op.requestBody.$ref.split("/").pop()] : op.requestBody]];
      for (const [code, r] of Object.entries<any>(op.responses)) bodies.push([code, r.$ref ? spec.components.responses[r.$ref.split("/").pop()] : r]);
      for (const [where, body] of bodies)
        for (const [media, content] of Object.entries<any>(body?.content ?? {})) {
          const examples = [content.example, ...Object.values<any>(content.examples ?? {}).map((e) => e.value)].filter((e) => e !== undefined);
          for (const ex of examples) mediaExamples.push([`${method.toUpperCase()} ${p} ${where} ${media}`, content.schema, ex]);
        }
    }

  test("every operation has request and response examples", () => {
    expect(mediaExamples.length).toBeGreaterThan(15);
  });

  test.each(mediaExamples)("%s example is valid", (where, schema, ex) => {
    if (where.endsWith("text/event-stream")) {
      // A stream example: each event's data must be a valid TaskStreamEvent (the contentSchema).
      const events = parseSse(ex as string);
      expect(events.map((e) => e.event)).toEqual(["created", "progress", "success"]);
      const v = validator(schema.contentSchema.$ref.split("/").pop());
      for (const e of events) {
        expect(v(e.data) ? [] : errorFields(v.errors)).toEqual([]);
        expect((e.data as any).event).toBe(e.event);
      }
      return;
    }
    const v = validator(schema.$ref.split("/").pop());
    expect(v(ex) ? [] : errorFields(v.errors)).toEqual([]);
  });
});

describe.each(seed)("$type model $id", (m) => {
  const name = modelSchemaName(m.type, m.id);
  const v = validator(name);
  const request = validator("CreateTaskRequest");

  test("has an example, and the minimal and full inputs are valid alone and in a request", () => {
    expect(schemas[name].examples?.length).toBeGreaterThan(0);
    for (const input of [minimalInput(m), fullInput(m)]) {
      expect(v(input) ? [] : errorFields(v.errors)).toEqual([]);
      expect(request({ type: m.type, input, idempotency_key: "k-1" })).toBe(true);
    }
  });

  test.each(invalidCases([m]))("rejects $name, naming $field", (c) => {
    expect(v(c.input)).toBe(false);
    expect(errorFields(v.errors)).toContain(c.field);
    expect(request({ type: c.type, input: c.input, idempotency_key: "k-1" })).toBe(false);
  });
});

test.each(wrongTypeCases(seed))("rejects $model under type $type", (c) => {
  expect(validator("CreateTaskRequest")({ type: c.type, input: c.input, idempotency_key: "k-1" })).toBe(false);
});

test("a request without idempotency_key is rejected", () => {
  const v = validator("VideoTaskRequest");
  expect(v({ type: "video", input: { model: "sora-2", prompt: "x" } })).toBe(false);
  expect(errorFields(v.errors)).toContain("idempotency_key");
});

test("the seed's quick-start sora-2 duration of 5 is rejected (the model entry wins)", () => {
  const v = validator(modelSchemaName("video", "sora-2"));
  expect(v({ model: "sora-2", prompt: "A cat running in the park", duration: 5, aspect_ratio: "16:9" })).toBe(false);
  expect(errorFields(v.errors)).toContain("duration");
});

// Answers stay readable when the API grows: a closed Task.type enum and a 100 cap on a page's
// pageSize (inferred, as the query's) made zod validators generated from the spec refuse a whole
// page for one task of a new type, or a larger page the server chose to send.
test("a task type newer than the spec and a page larger than the query's bound are valid answers; requests keep the closed types", () => {
  const task = validator("Task");
  const example = schemas.Task.examples[0];
  expect(task({ ...example, type: "audio" }) ? [] : errorFields(task.errors)).toEqual([]);
  expect(task({ ...example, type: 42 })).toBe(false);
  const page = validator("TaskList");
  const listed = schemas.TaskList.examples[0];
  expect(page({ ...listed, pageSize: 200 }) ? [] : errorFields(page.errors)).toEqual([]);
  expect(page({ ...listed, page: 0 })).toBe(false);
  const create = validator("CreateTaskRequest");
  expect(create({ type: "audio", input: { model: "sora-2", prompt: "x" }, idempotency_key: "k" })).toBe(false);
});

test("a task status newer than the spec is valid, as TaskStatus's own text says (treat it as not final), and the known ones stay listed", () => {
  expect(schemas.TaskStatus.description).toContain("treat a value you do not know as not final");
  const task = validator("Task");
  const example = schemas.Task.examples[0];
  expect(task({ ...example, status: "queued" }) ? [] : errorFields(task.errors)).toEqual([]);
  expect(task({ ...example, outputs: [{ ...example.outputs[0], status: "queued" }] }) ? [] : errorFields(task.errors)).toEqual([]);
  expect(task({ ...example, status: 42 })).toBe(false);
  expect(schemas.TaskStatus.anyOf.find((b: any) => b.enum).enum).toEqual(["pending", "processing", "success", "failed"]);
});
