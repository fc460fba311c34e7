// A provider no model has, given to list_models, is a typo: refused with the closest provider
// (as a model id one typo off is), not answered with an empty list.
import { afterAll, beforeAll, expect, test } from "vitest";
import { type Started, startMcp, text } from "./support.ts";

let mcp: Started;
beforeAll(async () => {
  mcp = await startMcp();
}, 30_000);
afterAll(() => mcp?.close());

const call = (args: Record<string, unknown>) => mcp.client.callTool({ name: "list_models", arguments: args }) as Promise<any>;

test("a provider one typo off gets did you mean; any case of a real one still lists its models", async () => {
  const r = await call({ provider: "OpenAl" });
  expect(r.isError).toBe(true);
  expect(text(r)).toContain('no provider "OpenAl"; did you mean OpenAI?');
  expect(text(r)).toContain("The providers are");
  const listed = await call({ provider: "openai" });
  expect(listed.isError).toBeFalsy();
  expect(listed.structuredContent.models.length).toBeGreaterThan(0);
});
