// Audit s20-client F3: a 401 that echoed the key base64-encoded (a proxy logging the Authorization
// header quotes `base64("Bearer <key>")`), or base64url, reached `err.message` and `details` as
// sent. The failure path now takes out the key's base64 and base64url forms at the three
// alignments a key can start at in the encoded bytes (key-base64.ts).
import { afterEach, expect, test } from "vitest";
import { type Hostile, json, startHostile } from "../../../test/support/hostile.js";
import { AuthenticationError, Monet } from "../dist/index.js";

const KEY = "monet_live_AUDITSECRET0123456789abcdef+/XYZ~";
const b64 = (s: string) => Buffer.from(s).toString("base64");
const b64url = (s: string) => Buffer.from(s).toString("base64url");

let server: Hostile | undefined;
afterEach(() => server?.close());

test.each([
  ["base64 of the key", b64(KEY)],
  ["base64 of Bearer <key> (a logged Authorization header)", b64(`Bearer ${KEY}`)],
  ["base64 of the key after one byte", b64(`x${KEY}`)],
  ["base64 of the key after two bytes, with bytes after it", b64(`xy${KEY}!?`)],
  ["base64url of the key", b64url(KEY)],
  ["base64url of Bearer <key>", b64url(`Bearer ${KEY}`)],
])("a 401 echoing %s shows no part of that form that encodes the key", async (_how, form) => {
  server = await startHostile((_req, res) =>
    json(res, 401, { error: { code: "invalid_key", message: `rejected ${form}`, details: [{ field: "auth", message: form }] } }, { "x-echo": form }),
  );
  const e = await new Monet({ apiKey: KEY, baseUrl: server.url, maxRetries: 0 }).tasks.get("task_1").catch((e) => e);
  expect(e).toBeInstanceOf(AuthenticationError);
  // Only the characters that encode bytes around the key may stay, at either end (at most 3 each).
  for (const shown of [e.message.replace("rejected ", ""), e.details[0].message, e.headers.get("x-echo")]) {
    expect(shown).toContain("[redacted]");
    // What stays encodes `Bearer ` (9 characters) or the bytes next to the key, never a run of it.
    expect(shown.replace("[redacted]", "").length).toBeLessThanOrEqual(14);
  }
});

test("base64 text that does not encode the key comes back as sent", async () => {
  const other = b64("monet_live_SOMEONE_ELSE_0123456789abcdef");
  server = await startHostile((_req, res) => json(res, 401, { error: { code: "invalid_key", message: `rejected ${other}` } }));
  const e = await new Monet({ apiKey: KEY, baseUrl: server.url, maxRetries: 0 }).tasks.get("task_1").catch((e) => e);
  expect(e.message).toBe(`rejected ${other}`);
});
