// Audit s17-recheck N3: the failure path loads on the first failure (failed-attempt.ts). The
// transport ended the attempt's time limit before that load, so while the chunk loaded (a slow
// network; a chunk fetch that never completes) the caller's abort and the timeout were ignored:
// the call waited for the chunk, for ever if it never came. The load is now bounded like an
// attempt. An app's bundle (esbuild, ESM, split, as a browser loads it) whose failure chunk never
// finishes loading (a top-level await that never settles), and that says when its load began.
import { afterAll, afterEach, beforeAll, expect, test } from "vitest";
import { type Hostile, json, startHostile } from "../../../test/support/hostile.js";
import { type BrowserBundle, stalledFailureChunkBundle } from "./browser-bundle.js";

type Client = typeof import("../dist/index.js");
let bundle: BrowserBundle;
let client: Client;
let server: Hostile | undefined;
const g = globalThis as { monetFailureChunkLoading?: () => void };
afterEach(async () => {
  delete g.monetFailureChunkLoading;
  await server?.close();
});

beforeAll(async () => {
  bundle = await stalledFailureChunkBundle(["Monet", "AbortError", "APIConnectionError"]);
  client = await bundle.load<Client>();
}, 60_000);
afterAll(() => bundle.remove());

const monet = (url: string) => new client.Monet({ apiKey: "monet_x", baseUrl: url, dangerouslyAllowBrowser: true });
const busy = () => startHostile((_req, res) => json(res, 503, { error: { code: "busy", message: "busy" } }));

test("an abort while the failure chunk loads ends the call at once, with an AbortError", async () => {
  server = await busy();
  const ctrl = new AbortController();
  g.monetFailureChunkLoading = () => ctrl.abort(new Error("user left"));
  const err = await monet(server.url)
    .tasks.get("task_1", { signal: ctrl.signal })
    .catch((e) => e);
  expect(err).toBeInstanceOf(client.AbortError);
  expect(String(err.cause)).toContain("user left");
});

test("the timeout ends a call whose failure chunk does not load, with an APIConnectionError saying so", async () => {
  // (The chunk began loading in the test above and never finishes: a module is evaluated once.)
  server = await busy();
  const err = await monet(server.url)
    .tasks.get("task_1", { timeout: 200, maxRetries: 0 })
    .catch((e) => e);
  expect(err).toBeInstanceOf(client.APIConnectionError);
  expect(err.message).toContain("did not load in 200 ms");
  expect(server.seen).toHaveLength(1);
});

test("an abort during the attempt ends the call without waiting for the failure chunk", async () => {
  const ctrl = new AbortController();
  // The server holds the request; the caller aborts once it has arrived.
  server = await startHostile(() => ctrl.abort(new Error("user left")));
  const err = await monet(server.url)
    .tasks.get("task_1", { signal: ctrl.signal, timeout: 60_000 })
    .catch((e) => e);
  expect(err).toBeInstanceOf(client.AbortError);
});
