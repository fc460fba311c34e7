// jsonItemLines: the line of each element of a JSON list, from one scan of text JSON.parse took.
import { expect, test } from "vitest";
import { jsonItemLines } from "../src/json-item-lines.js";

test.each([
  ["[]", []],
  ["[ ]", []],
  ['[{"a":1}]', [1]],
  ['[\n  {"a": "[,]"},\n  {"b": "\\"]"},\n\n  [1, [2]], 3,\n  "x"\n]', [2, 3, 5, 5, 6]],
  ['{"items": [1, 2]}', []],
  ['"[1, 2]"', []],
])("%j: lines %j", (text, lines) => {
  JSON.parse(text);
  expect(jsonItemLines(text)).toEqual(lines);
});
