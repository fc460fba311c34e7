// The API key never shows: not in errors, logs, JSON, inspection or string forms of the client.
import util from "node:util";
import { afterEach, expect, test } from "vitest";
import { Monet, MonetError } from "../src/index.js";
import { type Harness, harness, KEY } from "./helpers.js";

let h: Harness | undefined;
afterEach(() => h?.close());

const leaks = (x: unknown) =>
  [String(x), JSON.stringify(x), util.inspect(x, { depth: 10, showHidden: true }), (x as Error)?.stack ?? ""].some(
    (s) => s.includes(KEY) || s.includes("DO_NOT_LEAK"),
  );

test("not in the client's inspection, JSON or string form", () => {
  const monet = new Monet({ apiKey: KEY, baseUrl: "http://127.0.0.1:9" });
  expect(leaks(monet)).toBe(false);
  expect(leaks(monet.tasks)).toBe(false);
  expect(util.inspect(monet)).toContain("[redacted]");
});

test("not in errors or debug logs, across failures", async () => {
  const lines: string[] = [];
  h = await harness({ logLevel: "debug", logger: { debug: (m) => lines.push(m) }, maxRetries: 1 });
  await h.fault({ kind: "server-error", times: 5 });
  const errors = [
    await h.monet.tasks.list().then(
      () => undefined,
      (e) => e,
    ),
    await h.monet.tasks.get("task_nope").catch((e) => e),
    // @ts-expect-error a bad input on purpose
    await h.monet.tasks.create({ type: "video", input: { model: "sora-2" } }).catch((e) => e),
    await new Monet({ apiKey: KEY, baseUrl: "http://127.0.0.1:9", maxRetries: 0 }).tasks.list().then(
      () => undefined,
      (e) => e,
    ),
  ];
  for (const e of errors) {
    expect(e).toBeInstanceOf(MonetError);
    expect(leaks(e)).toBe(false);
  }
  expect(lines.length).toBeGreaterThan(3);
  expect(lines.some((l) => l.includes("retry"))).toBe(true);
  expect(lines.join("\n")).not.toContain(KEY);
});

test("a missing key is a clear error naming MONET_API_KEY; the env var is used when set", () => {
  const saved = process.env.MONET_API_KEY;
  delete process.env.MONET_API_KEY;
  try {
    expect(() => new Monet()).toThrow(/MONET_API_KEY/);
    process.env.MONET_API_KEY = KEY;
    expect(() => new Monet()).not.toThrow();
    expect(() => new Monet({ apiKey: null, baseUrl: "http://127.0.0.1:9" })).not.toThrow();
  } finally {
    if (saved === undefined) delete process.env.MONET_API_KEY;
    else process.env.MONET_API_KEY = saved;
  }
});

test("a missing key against the local mock says any monet_... key works there", () => {
  const saved = process.env.MONET_API_KEY;
  delete process.env.MONET_API_KEY;
  try {
    expect(() => new Monet({ baseUrl: "http://127.0.0.1:4020" })).toThrow("Missing API key: set MONET_API_KEY or pass { apiKey } (any monet_... on the mock)");
  } finally {
    if (saved !== undefined) process.env.MONET_API_KEY = saved;
  }
});

// A page has a global `document`; a Worker (dedicated, shared, service) has none, but has
// `importScripts`: a key in either is readable by whoever runs the page.
test.each([
  ["a page", "document", {}],
  ["a Web Worker", "importScripts", () => {}],
])("in a browser (%s), a key is refused unless dangerouslyAllowBrowser", (_where, name, value) => {
  const g = globalThis as Record<string, unknown>;
  g[name] = value;
  try {
    expect(() => new Monet({ apiKey: KEY })).toThrow(/browser/);
    expect(() => new Monet({ apiKey: KEY, dangerouslyAllowBrowser: true })).not.toThrow();
    expect(() => new Monet({ apiKey: null, baseUrl: "http://127.0.0.1:9" })).not.toThrow();
  } finally {
    delete g[name];
  }
});

test("behind a proxy (apiKey: null) no Authorization header is sent", async () => {
  h = await harness({ apiKey: null });
  await h.monet.tasks.list().then(
    () => undefined,
    () => undefined,
  );
  expect(new Headers(h.sent[0].init.headers).has("authorization")).toBe(false);
});
