// The caller's own bad input is an InputValidationError naming it, with nothing sent: a header
// value with a line break (fetch refuses it; it was a connection error retried three times) and
// a create's arguments that are not an object (a raw TypeError).
import { afterAll, beforeAll, expect, test } from "vitest";
import { type Hostile, json, startHostile } from "../../../test/support/hostile.js";
import { InputValidationError, Monet, type RetryInfo } from "../src/index.js";

let api: Hostile;
beforeAll(async () => {
  api = await startHostile((_req, res) => json(res, 200, { id: "task_a", status: "pending" }));
});
afterAll(() => api.close());

test("a call's header value with CR/LF: an InputValidationError naming the header (not its value), nothing sent, no retry", async () => {
  const retries: RetryInfo[] = [];
  const monet = new Monet({ apiKey: "monet_test", baseUrl: api.url, retry: { onRetry: (i) => retries.push(i) } });
  const before = api.seen.length;
  const e = await monet.tasks.get("task_a", { headers: { "X-A": "b\r\nx-evil: GW-SECRET" } }).catch((e) => e);
  expect(e).toBeInstanceOf(InputValidationError);
  expect(e.issues[0].path).toBe("headers.x-a");
  expect(e.message).toContain('header "x-a" must be one line: its value holds a line break or NUL');
  expect(e.message).not.toContain("GW-SECRET");
  expect(retries).toEqual([]);
  // The client's default headers, and a create: the same (and a refused input carries no idempotency key).
  const withDefault = new Monet({ apiKey: "monet_test", baseUrl: api.url, defaultHeaders: { "x-gw": "a\nb" } });
  const c = await withDefault.tasks.create({ type: "image", input: { model: "flux-2-dev", prompt: "x" } }).catch((e) => e);
  expect(c).toBeInstanceOf(InputValidationError);
  expect(c.issues[0].path).toBe("headers.x-gw");
  expect(c.idempotencyKey).toBeUndefined();
  // A header name fetch refuses.
  const n = await monet.tasks.get("task_a", { headers: { "bad name": "v" } }).catch((e) => e);
  expect(n).toBeInstanceOf(InputValidationError);
  expect(n.message).toContain('header "bad name" must be a token');
  expect(api.seen.length).toBe(before);
});

test.each([null, undefined, "image", 5, []])("tasks.create(%j): an InputValidationError naming params, nothing sent", async (arg) => {
  const monet = new Monet({ apiKey: "monet_test", baseUrl: api.url });
  const before = api.seen.length;
  const e = await monet.tasks.create(arg as never).catch((e) => e);
  expect(e).toBeInstanceOf(InputValidationError);
  expect(e.issues[0].path).toBe("params");
  expect(e.message).toMatch(/params must be an object \{ type, input \}/);
  // run and stream refuse it the same way.
  await expect(monet.tasks.run(arg as never)).rejects.toBeInstanceOf(InputValidationError);
  await expect(monet.tasks.stream(arg as never).next()).rejects.toBeInstanceOf(InputValidationError);
  expect(api.seen.length).toBe(before);
});
