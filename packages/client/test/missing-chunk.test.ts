// Audit s17-recheck N2: the failure path loads on the first failure (failed-attempt.ts,
// lost-create.ts, error-answer.ts). When that chunk cannot load (a browser gone offline, whose
// chunk fetch fails with the call; a chunk an app's deploy removed), a failed call ended in a raw
// "Cannot find module" error: no typed error, and a create lost its idempotency key. It now ends
// in an APIConnectionError (its cause: the load error), not retried, carrying the create's key.
import fs from "node:fs";
import { afterAll, afterEach, beforeAll, expect, test } from "vitest";
import { type Hostile, json, startHostile } from "../../../test/support/hostile.js";
import { type BrowserBundle, browserBundle } from "./browser-bundle.js";

let bundle: BrowserBundle;
let Monet: typeof import("../dist/index.js").Monet;
let APIConnectionError: typeof import("../dist/index.js").APIConnectionError;
let server: Hostile | undefined;
afterEach(() => server?.close());

beforeAll(async () => {
  // An app's bundle, as a browser loads it, then its failure chunks removed.
  bundle = await browserBundle(["Monet", "APIConnectionError"]);
  const gone = bundle.chunks(/failed-attempt|lost-create|error-answer/);
  expect(gone.length).toBeGreaterThan(0);
  for (const f of gone) fs.rmSync(f);
  ({ Monet, APIConnectionError } = await bundle.load<typeof import("../dist/index.js")>());
}, 60_000);
afterAll(() => bundle.remove());

const client = (url: string) => new Monet({ apiKey: "monet_x", baseUrl: url, dangerouslyAllowBrowser: true });
const params = { type: "image", input: { model: "flux-2-dev", prompt: "a cat" } } as const;

test("a 503 ends in an APIConnectionError caused by the load error, after 1 request (not retried)", async () => {
  server = await startHostile((_req, res) => json(res, 503, { error: { code: "busy", message: "busy" } }));
  const err = await client(server.url)
    .tasks.get("task_1")
    .catch((e) => e);
  expect(err).toBeInstanceOf(APIConnectionError);
  expect(err.message).toContain("failed-attempt");
  expect(String(err.cause)).toContain("failed-attempt");
  expect(server.seen).toHaveLength(1);
});

test.each([
  ["answered 400", (res: import("node:http").ServerResponse) => json(res, 400, { error: { code: "bad", message: "bad" } })],
  ["whose connection is dropped", (res: import("node:http").ServerResponse) => res.socket?.destroy()],
])("a create %s ends in an APIConnectionError with the idempotency key it sent", async (_how, answer) => {
  server = await startHostile((_req, res) => answer(res));
  const err = await client(server.url)
    .tasks.create(params)
    .catch((e) => e);
  expect(err).toBeInstanceOf(APIConnectionError);
  expect(server.seen).toHaveLength(1);
  expect(err.idempotencyKey).toBe(JSON.parse(server.seen[0]?.body ?? "").idempotency_key);
});
