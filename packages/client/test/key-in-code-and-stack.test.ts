// A failure's error carries the server's words in more than its message: its stack (which a
// logger prints, and V8 wrote with the message as it was) and its code. A run of the key in
// either is taken out as in the message (key-tail.ts). Mutation testing (s23) found both untested:
// with either line gone, `console.error(err)` or a log of `err.code` showed the key's end.
import { afterEach, expect, test } from "vitest";
import { type Hostile, json, startHostile } from "../../../test/support/hostile.js";
import { BadRequestError, Monet } from "../src/index.js";

const KEY = "monet_live_STACKandCODE0123456789";
const RUN = KEY.slice("monet_live_".length); // its end, without the public start

let server: Hostile | undefined;
afterEach(() => server?.close());

test("a 400 whose code and message quote the key's end: neither the error's code, message nor stack shows it", async () => {
  server = await startHostile((_req, res) => json(res, 400, { error: { code: `bad-${RUN}`, message: `key ${RUN} refused` } }));
  const e = await new Monet({ apiKey: KEY, baseUrl: server.url, maxRetries: 0 }).tasks.get("task_1").catch((e) => e);
  expect(e).toBeInstanceOf(BadRequestError);
  expect(e.message).toContain("key [redacted] refused");
  expect(e.code).toBe("bad-[redacted]");
  expect(e.stack).toContain("key [redacted] refused");
  expect(e.stack).not.toContain(RUN.slice(0, 12));
  // No X-Request-Id came: none, not an empty one made by the redaction.
  expect(e.requestId).toBeUndefined();
});

test("a failure with no code and no request id has none after the redaction, not empty ones", async () => {
  server = await startHostile((_req, res) => json(res, 400, { error: { message: "refused" } }));
  const e = await new Monet({ apiKey: KEY, baseUrl: server.url, maxRetries: 0 }).tasks.get("task_1").catch((e) => e);
  expect(e).toBeInstanceOf(BadRequestError);
  expect(e.code).toBeUndefined();
  expect(e.requestId).toBeUndefined();
});
