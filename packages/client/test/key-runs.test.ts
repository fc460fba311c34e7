// Audits s19-cli F1 and s19-proxy F3: a server that echoed the key without its public `monet_`
// start, a middle run of it, the key with `_` percent-encoded (`%5F`) or a key masked with `*`
// after its first 30 characters had it shown as sent: the rule took only the key whole or cut at
// its end. Now one rule (key-run.ts) takes any run of half the key or more (12 or more), wherever
// it starts, for the CLI and MCP server (redactHidden), the failure path and the proxy.
import { afterEach, expect, test } from "vitest";
import { type Hostile, json, startHostile } from "../../../test/support/hostile.js";
import { AuthenticationError, Monet } from "../dist/index.js";
import { hideKeyRuns, keyRunScanner, redactHidden } from "../dist/outputs.js";

const KEY = "monet_SeCrEtKeY1234567890abcdef"; // 31 characters: runs of 16 or more go
const LIVE = "monet_live_AUDITSECRET0123456789abcdef";
const M = "[redacted]";

const taken: [string, string, string][] = [
  ["its end without the public monet_", KEY, `suffix=${KEY.slice(6)}`],
  ["a middle run", KEY, `mid=${KEY.slice(3, 20)}`],
  ["the key with `_` as %5F", KEY, `pct=${encodeURIComponent(KEY).replace(/_/g, "%5F")}`],
  ["its end, lower-case hex for every character", KEY, `pct=${[...KEY.slice(4)].map((c) => `%${c.charCodeAt(0).toString(16)}`).join("")}`],
  ["a key masked with * after its first 30 characters", LIVE, `masked=${LIVE.slice(0, 30)}********`],
  ["the secret part without monet_live_", LIVE, `key ${LIVE.slice(11)} was revoked`],
];

test.each(taken)("%s is taken out, and no key character next to it stays", (_how, key, text) => {
  const shown = hideKeyRuns(text, key, M);
  expect(shown).toBe(text.replace(/=.*|AUDIT.*(?= was)/, (m) => (m.startsWith("=") ? `=${M}${m.endsWith("*") ? "********" : ""}` : M)));
  expect(redactHidden(text, key, M)).toBe(shown);
});

test("a run shorter than half the key, `monet_live_` alone and a text without the key come back as they were", () => {
  for (const text of [`hint ${KEY.slice(-15)}`, `mid ${KEY.slice(3, 18)}`, "monet_live_renders/x.png", "monet_live_", "no key here"])
    expect(redactHidden(text, KEY, M)).toBe(text);
});

test("a key shorter than 12 characters goes only whole, where it stands as a token (in any case or percent-encoded), never inside a word", () => {
  expect(hideKeyRuns("/files/development/x.png de DEV d%65v redev dev2 %41dev", "dev", M)).toBe(`/files/development/x.png de ${M} ${M} redev dev2 %41dev`);
  // A one-character "key" (MONET_API_KEY=x) took every x out of everything shown.
  expect(hideKeyRuns("flux-2-dev, 0x10, max: x X (x)", "x", M)).toBe(`flux-2-dev, 0x10, max: ${M} ${M} (${M})`);
  // Hidden as a JSON escape, it still goes where it stands: redactHidden reads the text as shown.
  expect(redactHidden('{"error": "key \\u0078 refused", "model": "flux"}', "x", M)).toBe(`{"error": "key ${M} refused", "model": "flux"}`);
  // A real short key is still never shown where it stands: quoted, after Bearer, in a path.
  const key = "monet_dev1";
  expect(hideKeyRuns(`Bearer ${key}, "${key}", /k/${key}/x, ${key}x`, key, M)).toBe(`Bearer ${M}, "${M}", /k/${M}/x, ${key}x`);
});

test("a short key in a stream cut anywhere gives the text the whole gives (its neighbours may come in the next piece)", () => {
  const text = "dev devs dev. xdev d%65v/dev";
  const whole = hideKeyRuns(text, "dev", M);
  expect(whole).toBe(`${M} devs ${M}. xdev ${M}/${M}`);
  for (let cut = 0; cut <= text.length; cut++) {
    const scanner = keyRunScanner("dev", M);
    expect(scanner.feed(text.slice(0, cut)) + scanner.feed(text.slice(cut)) + scanner.end(), `cut at ${cut}`).toBe(whole);
  }
  const scanner = keyRunScanner("dev", M);
  expect([...text].map((c) => scanner.feed(c)).join("") + scanner.end()).toBe(whole);
});

test("a stream cut anywhere gives the text the whole gives: one mark for runs next to each other", () => {
  const text = `a ${KEY} b ${KEY.slice(4, 25)} c ${encodeURIComponent(KEY).replace(/_/g, "%5f")} d ${KEY}${KEY} e ${KEY.slice(0, 10)}`;
  const whole = hideKeyRuns(text, KEY, M);
  expect(whole).toBe(`a ${M} b ${M} c ${M} d ${M} e ${KEY.slice(0, 10)}`);
  for (let cut = 0; cut <= text.length; cut++) {
    const scanner = keyRunScanner(KEY, M);
    expect(scanner.feed(text.slice(0, cut)) + scanner.feed(text.slice(cut)) + scanner.end(), `cut at ${cut}`).toBe(whole);
  }
  const scanner = keyRunScanner(KEY, M);
  expect([...text].map((c) => scanner.feed(c)).join("") + scanner.end()).toBe(whole);
});

test("a 200-character key over 1 MiB of near-misses (runs one short of the rule) is read through", () => {
  // No time limit: a RegExp of every run would take key² steps a character here; this finishes.
  const key = Array.from({ length: 200 }, (_, i) => "abcdefghijklmnopqrstuvwxyz0123456789"[(i * 7) % 36]).join("");
  const miss = `${key.slice(50, 149)}!`; // 99 characters: the rule wants 100
  const body = miss.repeat((1 << 20) / miss.length);
  expect(hideKeyRuns(body, key, M)).toBe(body);
  expect(hideKeyRuns(`${body}${key.slice(50, 150)}`, key, M)).toBe(`${body}${M}`);
  expect(hideKeyRuns("a".repeat(1 << 20), "a".repeat(200), M)).toBe(M);
});

let server: Hostile | undefined;
afterEach(() => server?.close());

test("a 401 quoting a middle run of the key says [redacted] (the failure path took only its ends)", async () => {
  server = await startHostile((_req, res) => json(res, 401, { error: { code: "invalid_key", message: `invalid key ${LIVE.slice(5, 30)}…` } }));
  const e = await new Monet({ apiKey: LIVE, baseUrl: server.url, maxRetries: 0 }).tasks.get("task_1").catch((e) => e);
  expect(e).toBeInstanceOf(AuthenticationError);
  expect(e.message).toContain(`invalid key ${M}…`);
});

test("an answer with the key's `_` percent-encoded (%5F) reaches the caller redacted at start too", async () => {
  const sent = { id: "task_1", status: "success", outputs: [{ url: `https://cdn.example/${encodeURIComponent(KEY).replace(/_/g, "%5F")}.png` }] };
  server = await startHostile((_req, res) => json(res, 200, sent));
  const task = await new Monet({ apiKey: KEY, baseUrl: server.url, maxRetries: 0 }).tasks.get("task_1");
  expect(task.outputs?.[0]?.url).toBe(`https://cdn.example/${M}.png`);
});
