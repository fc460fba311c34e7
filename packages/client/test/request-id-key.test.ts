// Audit s20-client F2: `requestId` (on errors, and from `withResponse()`) kept the key from an
// `X-Request-Id` that held it without its `monet_` start, a middle run of it, or every character
// percent-encoded (`%6d%6f…`, either case). An error's request id now gets the failure path's rule
// (key-run.ts: any run of half the key), and a success's the rule its body gets (secret.ts), which
// now takes every character percent-encoded too.
import { afterEach, expect, test } from "vitest";
import { type Hostile, json, startHostile } from "../../../test/support/hostile.js";
import { AuthenticationError, Monet } from "../dist/index.js";

const KEY = "monet_live_AUDITSECRET0123456789abcdefXYZ";
const M = "[redacted]";
const hex = (s: string, upper = false) => [...s].map((c) => `%${c.charCodeAt(0).toString(16)}`[upper ? "toUpperCase" : "toLowerCase"]()).join("");

let server: Hostile | undefined;
afterEach(() => server?.close());

const task = { id: "task_1", type: "image", status: "pending" };
const get = async (status: number, id: string) => {
  server = await startHostile((_req, res) =>
    status === 200 ? json(res, 200, task, { "x-request-id": id }) : json(res, status, { error: { code: "x", message: "no" } }, { "x-request-id": id }),
  );
  const monet = new Monet({ apiKey: KEY, baseUrl: server.url, maxRetries: 0 });
  return monet.tasks
    .get("task_1")
    .withResponse()
    .then((a) => a.requestId)
    .catch((e) => {
      expect(e).toBeInstanceOf(AuthenticationError);
      return e.requestId as string;
    });
};

test.each([
  ["the key without monet_", `req-${KEY.slice(6)}`, `req-${M}`],
  ["a middle run", `req-${KEY.slice(10, 40)}`, `req-${M}`],
  ["every character percent-encoded, lower case", `req-${hex(KEY)}`, `req-${M}`],
  ["every character percent-encoded, upper case", `req-${hex(KEY, true)}`, `req-${M}`],
])("an error's requestId holding %s is redacted", async (_how, id, shown) => {
  expect(await get(401, id)).toBe(shown);
});

test.each([
  ["every character percent-encoded, lower case", `req-${hex(KEY)}`],
  ["every character percent-encoded, upper case", `req-${hex(KEY, true)}`],
  ["the key cut at its end, percent-encoded", `req-${hex(KEY.slice(0, 30))}`],
])("a success's requestId holding %s is redacted (the body's rule)", async (_how, id) => {
  expect(await get(200, id)).toBe(`req-${M}`);
});

test("a success's body with the key percent-encoded character by character is redacted too", async () => {
  server = await startHostile((_req, res) => json(res, 200, { ...task, outputs: [{ url: `https://cdn.example/${hex(KEY)}.png` }] }));
  const got = await new Monet({ apiKey: KEY, baseUrl: server.url, maxRetries: 0 }).tasks.get("task_1");
  expect(got.outputs?.[0]?.url).toBe(`https://cdn.example/${M}.png`);
});

test("a request id without the key, and percent-encoded text that is not the key, come back as sent", async () => {
  expect(await get(200, "req_0123456789abcdef")).toBe("req_0123456789abcdef");
  const other = hex("monet_live_SOMEONE_ELSE_0123456789");
  expect(await get(200, other)).toBe(other);
  expect(await get(401, other)).toBe(other);
});
