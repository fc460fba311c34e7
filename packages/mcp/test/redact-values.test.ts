// What the MCP server's redactor does to a whole tool result: the key leaves every string, at any
// depth and in property names too, and leaves a mark where it was; every other value comes back
// as it went in (a progress of 0, a flag, a null, a count are not strings and hold no key).
import { expect, test } from "vitest";
import { redactor } from "../src/redact.ts";

const KEY = "monet_live_Q7xR2mZp9LkW4vTn8Hs3";

test("numbers, booleans and null keep their values beside redacted strings, at any depth", () => {
  const result = {
    content: [{ type: "text", text: `echoed Bearer ${KEY}` }],
    structuredContent: { progress: 0, done: false, ok: true, total: 3, cost: null, nested: [1, [2, { n: 0 }]] },
    isError: false,
  };
  expect(redactor(KEY)(result)).toEqual({
    content: [{ type: "text", text: "echoed Bearer [redacted]" }],
    structuredContent: { progress: 0, done: false, ok: true, total: 3, cost: null, nested: [1, [2, { n: 0 }]] },
    isError: false,
  });
});

test("a key in a property name is redacted too, and a bare value that holds no key comes back unchanged", () => {
  const hide = redactor(KEY);
  expect(hide({ [`x-${KEY}`]: KEY })).toEqual({ "x-[redacted]": "[redacted]" });
  for (const v of [0, 42, true, false, null, undefined, "plain text"]) expect(hide(v)).toBe(v);
});

test("without a key (the API behind a proxy), every value comes back as it went in", () => {
  const result = { content: [{ type: "text", text: KEY }], n: 0, flag: false, none: null };
  expect(redactor(undefined)(result)).toEqual(result);
});
