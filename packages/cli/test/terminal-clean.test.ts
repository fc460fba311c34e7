// The stripping rules of terminal.ts, sequence by sequence (the CLI tests show them end to end).
import { expect, test } from "vitest";
import { clean, safeJson, safeJsonLine } from "../src/terminal.ts";

test.each([
  ["OSC 52 clipboard write, BEL-terminated", "a\x1b]52;c;cHduZWQ=\x07b", "ab"],
  ["OSC title, ST-terminated", "a\x1b]0;owned\x1b\\b", "ab"],
  ["OSC 8 hyperlink", "\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\", "click"],
  ["CSI erase line + carriage return", "done\x1b[2K\rfake", "donefake"],
  ["CSI colour", "\x1b[31;1mred\x1b[0m", "red"],
  ["8-bit CSI", "a\x9b2Jb", "ab"],
  ["8-bit OSC", "a\x9d52;c;eA==\x9cb", "ab"],
  ["DCS", "a\x1bP+q544e\x1b\\b", "ab"],
  ["a lone ESC and a two-byte sequence", "a\x1bcb\x1b", "ab"],
  ["C0 and DEL", "a\x00\x08\x0b\x0c\x7fb", "ab"],
  ["bidi overrides", "a\u202egnp.exe\u202cb", "agnp.exeb"],
])("%s", (_what, raw, shown) => {
  expect(clean(raw)).toBe(shown);
});

test("newlines, tabs and ordinary Unicode stay", () => {
  expect(clean("line 1\n\tcafé 🎬 日本")).toBe("line 1\n\tcafé 🎬 日本");
});

test("safeJson keeps the data and escapes what a terminal would act on", () => {
  const data = { id: "t\x1b]52;c;x\x07\x9b2J\u202e" };
  const text = safeJson(data);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the test looks for control characters.
  expect(text).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f\u202e]/); // pretty JSON keeps its own newlines
  expect(JSON.parse(text)).toEqual(data);
});

test("safeJsonLine (monet api's event stream, pipeline --json) is one line, escaped the same way", () => {
  const data = { event: "progress", task: { id: "t\u2028x\u202e\u2066\x9b2J", error: { message: "a\nb" } } };
  const line = safeJsonLine(data);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the test looks for control characters.
  expect(line).not.toMatch(/[\x00-\x1f\x7f-\x9f\u2028\u2029\u202e\u2066]/);
  expect(JSON.parse(line)).toEqual(data);
});

// s10 F1: an unterminated string sequence in a server field loses its introducer only; what
// follows stays visible, so it cannot swallow (and so hide) the CLI's own text after it.
test.each([
  ["unterminated OSC", "a\x1b]b; monet wait x", "ab; monet wait x"],
  ["unterminated DCS", "a\x1bPb c", "ab c"],
  ["unterminated 8-bit OSC", "a\x9db c", "ab c"],
  ["OSC cut by another ESC sequence", "a\x1b]b\x1b[31mc", "abc"],
])("%s keeps the text after it", (_what, raw, shown) => {
  expect(clean(raw)).toBe(shown);
});
