// A server that quotes the key cut at its start ("invalid key ...<its end>"), or points a redirect
// at it, showed its secret half: the start path's redaction takes the key whole or cut at its end
// only. Errors of the failure path take out any end of it of half its length (12 characters or more).
import { afterAll, beforeAll, expect, test } from "vitest";
import { type Hostile, json, startHostile } from "../../../test/support/hostile.js";
import { APIError, AuthenticationError, Monet } from "../src/index.js";

const KEY = "sk-live-AUDIT-SECRET-1234567";
const TAIL = KEY.slice(8); // "AUDIT-SECRET-1234567": the key without its public start
const params = { type: "image", input: { model: "flux-2-dev", prompt: "a lighthouse" } } as const;
const task = (id: string) => ({ id, status: "pending", type: "image", outputs: [], created_at: "2026-01-01T00:00:00Z", updated_at: "2026-01-01T00:00:00Z" });

let api: Hostile;
/** How the API answers: set per test. */
let answer: Parameters<typeof startHostile>[0] = () => {};

beforeAll(async () => {
  api = await startHostile((req, res, seen) => answer(req, res, seen));
});
afterAll(() => api.close());

const client = () => new Monet({ apiKey: KEY, baseUrl: api.url, retry: { delay: () => 0 } });

test("a 401 quoting the key's end (and its end percent-encoded) says [redacted] in the message, the stack and the details", async () => {
  answer = (_req, res) =>
    json(res, 401, {
      error: {
        code: "invalid_key",
        message: `invalid key ...${TAIL} (${encodeURIComponent(`-${TAIL}`)})`,
        details: [{ field: "key", message: `ends ${TAIL.toLowerCase()}` }],
      },
    });
  const e = await client()
    .tasks.get("task_a")
    .catch((e) => e);
  expect(e).toBeInstanceOf(AuthenticationError);
  expect(e.message).toContain("invalid key ...[redacted]");
  for (const text of [e.message, e.stack, JSON.stringify(e.details)]) {
    expect(text.toLowerCase()).not.toContain("secret-1234567");
    expect(text).not.toContain("%2DAUDIT");
  }
});

test("an end shorter than half the key stays: a server may quote its last characters as a hint", async () => {
  answer = (_req, res) => json(res, 401, { error: { code: "invalid_key", message: "invalid key ending 4567" } });
  const e = await client()
    .tasks.get("task_a")
    .catch((e) => e);
  expect(e.message).toContain("invalid key ending 4567");
});

test("a redirect to the key as a scheme, or to its end as a host, names neither", async () => {
  for (const location of [`${KEY}:whatever`, `http://${TAIL}.evil.example/x`]) {
    answer = (_req, res) => {
      res.writeHead(302, { location });
      res.end();
    };
    const e = await client()
      .tasks.get("task_a")
      .catch((e) => e);
    expect(e).toBeInstanceOf(APIError);
    expect(e.message).toContain("was answered with a redirect (HTTP 302) to ");
    expect(e.message.toLowerCase()).not.toContain("secret-1234567");
  }
});

test("a create answered with an id no call can follow says creating again gets the same answer, not to create again", async () => {
  answer = (_req, res) => json(res, 200, task("../x"));
  const e = await client()
    .tasks.create(params)
    .catch((e) => e);
  expect(e).toBeInstanceOf(APIError);
  expect(e.idempotencyKey).toBe(JSON.parse(api.seen.at(-1)!.body).idempotency_key);
  expect(e.message).toContain("which no call can follow");
  // Carried over when the key is added (the error is built anew): the marker, not these words.
  expect(e.unfollowableTaskId).toBe("../x");
  expect(e.message).toContain(`creating it again (idempotency_key ${JSON.stringify(e.idempotencyKey)}, this error's idempotencyKey) gets the same answer`);
  expect(e.message).not.toContain("create it again with");
});
