// One rule for reference URLs: the spec (Ajv on the bundled spec, full `format: uri` plus the
// MediaUrl pattern), the catalog's validateInput, the running mock and Prism judge every URL of
// the shared list (test/support/tricky-urls.json) exactly as the list says (issue 21, item 10).
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type MockServer, startMockServer } from "@monet-ai/mock";
import { validateInput } from "@monet-ai/models";
import { afterAll, beforeAll, expect, test } from "vitest";
import { type Prism, startPrism } from "../support/prism.ts";
import { validator } from "../support/spec.ts";

interface TrickyUrl {
  url: string;
  valid: boolean;
  why: string;
}
const list: { urls: TrickyUrl[] } = JSON.parse(fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), "../support/tricky-urls.json"), "utf8"));
const spec = validator("CreateTaskRequest");
const body = (url: string, key: string) => ({ type: "video", input: { model: "sora-2", prompt: "a cat", images: [url] }, idempotency_key: key });

let mock: MockServer;
let prism: Prism;
beforeAll(async () => {
  [mock, prism] = await Promise.all([startMockServer({ port: 0 }), startPrism()]);
}, 120_000);
afterAll(async () => {
  await Promise.all([mock?.close(), prism?.close()]);
});

async function accepts(baseUrl: string, json: unknown): Promise<boolean> {
  const res = await fetch(`${baseUrl}/api/v1/tasks/async`, {
    method: "POST",
    headers: { authorization: "Bearer monet_urls", "content-type": "application/json" },
    body: JSON.stringify(json),
  });
  await res.arrayBuffer();
  if (res.status !== 200 && res.status !== 422) throw new Error(`${baseUrl} answered ${res.status}`);
  return res.status === 200;
}

test("the list covers the cases issue 21 names", () => {
  const urls = list.urls.map((u) => u.url);
  for (const u of ["C:\\photos\\cat.png", "https:\\\\example.com\\a.png", "https://", "javascript:alert(1)", "file:///etc/passwd"]) expect(urls).toContain(u);
  expect(list.urls.some((u) => u.url.startsWith("data:"))).toBe(true);
  expect(list.urls.filter((u) => u.valid).length).toBeGreaterThan(5);
});

test.each(list.urls.map((u, i) => ({ ...u, i, shown: JSON.stringify(u.url) })))(
  "$shown ($why): valid $valid everywhere",
  async ({ url, valid, i }) => {
    const verdicts = {
      spec: spec(body(url, `urls-${i}`)) === true,
      catalog: validateInput("video", body(url, "").input).length === 0,
      mock: await accepts(mock.url, body(url, `urls-${i}`)),
      prism: await accepts(prism.url, body(url, `urls-${i}`)),
    };
    expect(verdicts).toEqual({ spec: valid, catalog: valid, mock: valid, prism: valid });
  },
  30_000,
);
