// The start path's key rule (secret.ts), at its edges, with no server: the key whole, as sent or
// percent-encoded in either case, and a prefix of it of half the key and at least 12 characters;
// never less (a public `monet_live_` start in a file name or URL stays), and a short key only whole.
import { expect, test } from "vitest";
import { keyPattern, redactor } from "../src/secret.js";

// 40 characters: half is 20.
const KEY = "monet_live_0123456789abcdefghijKLMNOPQRS";

test("the key whole, percent-encoded (either hex case, `_` as %5F too) or in another case, anywhere", () => {
  const r = redactor(KEY);
  expect(r(`a ${KEY} b`)).toBe("a [redacted] b");
  expect(r(encodeURIComponent(KEY).replaceAll("_", "%5F"))).toBe("[redacted]");
  expect(r(KEY.replaceAll("_", "%5f"))).toBe("[redacted]");
  expect(r(KEY.toUpperCase())).toBe("[redacted]");
});

test("a prefix: half the key (20 of 40) is hidden, one character less is not; the rest of a cut quote goes with it", () => {
  const r = redactor(KEY);
  expect(r(`x${KEY.slice(0, 20)}"`)).toBe('x[redacted]"');
  expect(r(`x${KEY.slice(0, 33)}"`)).toBe('x[redacted]"');
  expect(r(`x${KEY.slice(0, 19)}"`)).toBe(`x${KEY.slice(0, 19)}"`);
});

test("never under 12 characters: a 20-character key's 12-character prefix is hidden, its public 11-character start is not", () => {
  const key = "monet_live_abcdefghi";
  expect(key.length).toBe(20);
  const r = redactor(key);
  expect(r(`${key.slice(0, 12)} end`)).toBe("[redacted] end");
  expect(r("monet_live_ and monet_live_.png")).toBe("monet_live_ and monet_live_.png");
  expect(keyPattern(key).test(key.slice(0, 11))).toBe(false);
});

test("a key shorter than 12 goes only whole; no key hides nothing", () => {
  const r = redactor("dev-key-1");
  expect(r("dev-key-1!")).toBe("[redacted]!");
  expect(r("dev-key- and dev")).toBe("dev-key- and dev");
  const text = `${KEY} stays`;
  expect(redactor(null)(text)).toBe(text);
});
