// What goes with each request and comes back on each result: the provider's user-agent suffix,
// the key read per call (a rotated MONET_API_KEY needs no restart), and the response's headers
// (X-Request-Id, for support) on the AI SDK result.
import { readFileSync } from "node:fs";
import { generateImage, experimental_startVideo as startVideo } from "ai";
import { afterAll, beforeAll, expect, test } from "vitest";
import { createMonet } from "../src/index.js";
import { type Harness, harness, recordingFetch, type Sent } from "./helpers.js";

const { version } = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };

let h: Harness;
beforeAll(async () => {
  h = await harness();
});
afterAll(() => h?.close());

test("results carry the response's headers (X-Request-Id), as the AI SDK's response.headers", async () => {
  const { responses } = await generateImage({ model: h.monet.image("flux-2-dev"), prompt: "x" });
  expect(responses[0].headers?.["x-request-id"]).toMatch(/\w/);
  const started = await startVideo({ model: h.monet.video("sora-2"), prompt: "x" });
  expect(started.response.headers?.["x-request-id"]).toMatch(/\w/);
});

test("every API request carries ai-sdk/monet/<version> after the AI SDK's own user-agent", async () => {
  const from = h.sent.length;
  await generateImage({ model: h.monet.image("flux-2-dev"), prompt: "x" });
  const api = h.sent.slice(from).filter((r) => r.url.startsWith(h.mock.url) && r.url.includes("/api/"));
  expect(api.length).toBeGreaterThan(0);
  for (const r of api) expect(r.headers.get("user-agent")).toMatch(new RegExp(`^ai/\\S+ ai-sdk/monet/${version.replaceAll(".", "\\.")}$`));
});

test("a provider without apiKey reads MONET_API_KEY on each call: a rotated key is used without a restart", async () => {
  const saved = process.env.MONET_API_KEY;
  const sent: Sent[] = [];
  const monet = createMonet({ baseURL: h.mock.url, fetch: recordingFetch(sent), pollIntervalMs: 50 });
  try {
    process.env.MONET_API_KEY = "monet_first_key_1";
    await generateImage({ model: monet.image("flux-2-dev"), prompt: "x" });
    const first = sent.length;
    process.env.MONET_API_KEY = "monet_rotated_key_2";
    await generateImage({ model: monet.image("flux-2-dev"), prompt: "x" });
    const auth = (rs: Sent[]) => new Set(rs.filter((r) => r.url.includes("/api/")).map((r) => r.headers.get("authorization")));
    expect(auth(sent.slice(0, first))).toEqual(new Set(["Bearer monet_first_key_1"]));
    expect(auth(sent.slice(first))).toEqual(new Set(["Bearer monet_rotated_key_2"]));
  } finally {
    if (saved === undefined) delete process.env.MONET_API_KEY;
    else process.env.MONET_API_KEY = saved;
  }
});
