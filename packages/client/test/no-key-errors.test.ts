// A client with no key (apiKey: null, behind a server proxy) has no key to take out of its errors
// (key-tail.ts returns them as they are): its failures are still the API's errors, with the
// server's message. Mutation testing (s23) found that guard untested: without it, reading a
// key that is not there threw a TypeError in place of every error. A real loopback server.
import { afterEach, expect, test } from "vitest";
import { type Hostile, json, startHostile } from "../../../test/support/hostile.js";
import { Monet, NotFoundError } from "../src/index.js";

let server: Hostile | undefined;
afterEach(() => server?.close());

test("a 404 to a client with no key is a NotFoundError with the server's message", async () => {
  server = await startHostile((_req, res) => json(res, 404, { error: { code: "not_found", message: "no task task_1" } }));
  const e = await new Monet({ apiKey: null, baseUrl: server.url, maxRetries: 0 }).tasks.get("task_1").catch((e) => e);
  expect(e).toBeInstanceOf(NotFoundError);
  expect(e.message).toContain("no task task_1");
});
