// Header names are case-insensitive: a header the user gives replaces the client's (and a call's
// the client's defaults), whatever its case. fetch joined two spellings into one value: an app
// behind a gateway that wants its own token sent "Bearer gateway, Bearer monet_key".
import { afterAll, beforeAll, expect, test } from "vitest";
import { type Hostile, json, startHostile } from "../../../test/support/hostile.js";
import { Monet } from "../src/index.js";

const task = { id: "task_h1", status: "pending", type: "image", outputs: [], created_at: "2026-01-01T00:00:00Z", updated_at: "2026-01-01T00:00:00Z" };
let api: Hostile;
const headersSeen: Record<string, string | string[] | undefined>[] = [];

beforeAll(async () => {
  api = await startHostile((req, res) => {
    headersSeen.push(req.headers);
    json(res, 200, task);
  });
});
afterAll(() => api.close());

test("an Authorization header in defaultHeaders replaces the key's, in any case, on every request", async () => {
  const monet = new Monet({ apiKey: "monet_key_1", baseUrl: api.url, defaultHeaders: { Authorization: "Bearer gateway_token" } });
  await monet.tasks.create({ type: "image", input: { model: "flux-2-dev", prompt: "a cat" } });
  await monet.tasks.get("task_h1");
  expect(api.seen.slice(-2).map((s) => s.authorization)).toEqual(["Bearer gateway_token", "Bearer gateway_token"]);
});

test("a call's header replaces the client's default of another case, and Accept is one value", async () => {
  const monet = new Monet({ apiKey: "monet_key_1", baseUrl: api.url, defaultHeaders: { "X-Trace": "client", ACCEPT: "application/json" } });
  await monet.tasks.get("task_h1", { headers: { "x-trace": "call", AUTHORIZATION: "Bearer call_token" } });
  const h = headersSeen.at(-1);
  expect(h?.["x-trace"]).toBe("call");
  expect(h?.accept).toBe("application/json");
  expect(h?.authorization).toBe("Bearer call_token");
});

test("without an Authorization header of the user's, the key's is sent", async () => {
  const monet = new Monet({ apiKey: "monet_key_1", baseUrl: api.url, defaultHeaders: { "X-Other": "1" } });
  await monet.tasks.get("task_h1");
  expect(api.seen.at(-1)?.authorization).toBe("Bearer monet_key_1");
});
