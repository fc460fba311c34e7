// The client's input check and the catalog's validateInput agree with each other and with the
// spec (Ajv) on every model's example and every invalid case, naming the same field; Prism's
// side of the same cases is in prism.test.ts.

import { InputValidationError, Monet } from "@monet-ai/client";
import { validateInput } from "@monet-ai/models";
import { describe, expect, test } from "vitest";
import { invalidCases, wrongTypeCases } from "../support/cases.ts";
import { readSeedModels } from "../support/seed.ts";
import { errorFields, modelSchemaName, schemas, validator } from "../support/spec.ts";

const seed = readSeedModels();
let requests = 0;
// No server: the client must decide before sending; any request it makes is counted and refused.
const monet = new Monet({
  apiKey: "monet_parity",
  baseUrl: "http://127.0.0.1:9",
  maxRetries: 0,
  fetch: async () => {
    requests++;
    return new Response("{}", { status: 599 });
  },
});
const field = (p: string) => p.replace(/^input\./, "").replace(/\[\d+\]$/, "");

describe.each(seed)("$type model $id", (m) => {
  const ajv = validator(modelSchemaName(m.type, m.id));

  test("its spec example passes the spec, the catalog and the client's check", async () => {
    for (const input of schemas[modelSchemaName(m.type, m.id)].examples) {
      expect(ajv(input)).toBe(true);
      expect(validateInput(m.type, input)).toEqual([]);
      const before = requests;
      await monet.tasks.create({ type: m.type, input } as never).catch(() => undefined);
      expect(requests).toBe(before + 1); // it was sent
    }
  });

  test.each(invalidCases([m]))("$name: all three reject it and name $field", async (c) => {
    const before = requests;
    const err = await monet.tasks.create({ type: c.type, input: c.input } as never).catch((e) => e);
    expect(err).toBeInstanceOf(InputValidationError);
    expect(requests).toBe(before);
    const client = err.issues.map((i: { path: string }) => field(i.path));
    const catalog = validateInput(c.type, c.input).map((i) => field(i.path));
    expect(ajv(c.input)).toBe(false);
    const spec = errorFields(ajv.errors).map(field);
    expect({ client: client.includes(c.field), catalog: catalog.includes(c.field), spec: spec.includes(c.field) }).toEqual({
      client: true,
      catalog: true,
      spec: true,
    });
    expect(client).toEqual(catalog);
  });
});

test.each(wrongTypeCases(seed))("$model under type $type is refused by the client before sending", async (c) => {
  const err = await monet.tasks.create({ type: c.type, input: c.input } as never).catch((e) => e);
  expect(err).toBeInstanceOf(InputValidationError);
  expect(err.issues[0].path).toBe("input.model");
});
