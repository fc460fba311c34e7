// Audit s20-client R1: errors had no `headers` (openai-node's `APIError.headers`), so a failed call's
// rate-limit and trace headers could not be read (`withResponse()` helps only on success). An error
// answer's error now carries them, with any run of the key taken out of every value and the
// headers that carry credentials left out.
import { afterEach, expect, test } from "vitest";
import { type Hostile, json, startHostile } from "../../../test/support/hostile.js";
import { APIError, InternalServerError, Monet, RateLimitError } from "../dist/index.js";

const KEY = "monet_live_AUDITSECRET0123456789abcdefXYZ";

let server: Hostile | undefined;
afterEach(() => server?.close());

test("a 429's error carries its headers: rate limits and trace ids read, the key out of every value, credentials left out", async () => {
  server = await startHostile((_req, res) =>
    json(
      res,
      429,
      { error: { code: "rate_limited", message: "slow down" } },
      {
        "x-ratelimit-remaining-requests": "0",
        "x-ratelimit-remaining-tokens": "12",
        "x-trace-id": "trace-abc",
        "retry-after": "120",
        "x-echo": `Bearer ${KEY.slice(6)}`,
        "www-authenticate": `Bearer error="invalid_token", key="${KEY}"`,
        "set-cookie": ["session=s3cr3t; HttpOnly", "other=1"],
        "x-csrf-token": "csrf-value",
        "x-api-key": "another-key",
        "x-session-id": "sess",
      },
    ),
  );
  const e = await new Monet({ apiKey: KEY, baseUrl: server.url, maxRetries: 0 }).tasks.get("task_1").catch((e) => e);
  expect(e).toBeInstanceOf(RateLimitError);
  expect(e.headers).toBeInstanceOf(Headers);
  expect(e.headers.get("x-ratelimit-remaining-requests")).toBe("0");
  expect(e.headers.get("x-ratelimit-remaining-tokens")).toBe("12");
  expect(e.headers.get("x-trace-id")).toBe("trace-abc");
  expect(e.headers.get("retry-after")).toBe("120");
  expect(e.headers.get("x-echo")).toBe("Bearer [redacted]");
  expect(e.headers.get("www-authenticate")).toBe('Bearer error="invalid_token", key="[redacted]"');
  for (const name of ["set-cookie", "x-csrf-token", "x-api-key", "x-session-id"]) expect(e.headers.has(name), name).toBe(false);
  expect(JSON.stringify([...e.headers])).not.toContain(KEY.slice(6, 30));
});

test("a 5xx and a success that is not JSON carry headers; a connection error has none", async () => {
  server = await startHostile((req, res) => {
    if (req.url?.includes("task_html")) {
      res.writeHead(200, { "content-type": "text/plain", "x-trace-id": "t2" });
      return res.end("not json");
    }
    json(res, 503, { error: { code: "down", message: "later" } }, { "x-trace-id": "t1" });
  });
  const monet = new Monet({ apiKey: KEY, baseUrl: server.url, maxRetries: 0 });
  const e = await monet.tasks.get("task_1").catch((e) => e);
  expect(e).toBeInstanceOf(InternalServerError);
  expect(e.headers.get("x-trace-id")).toBe("t1");
  const notJson = await monet.tasks.get("task_html").catch((e) => e);
  expect(notJson).toBeInstanceOf(APIError);
  expect(notJson.headers.get("x-trace-id")).toBe("t2");
  const url = server.url;
  await server.close();
  server = undefined;
  const gone = await new Monet({ apiKey: KEY, baseUrl: url, maxRetries: 0 }).tasks.get("task_1").catch((e) => e);
  expect(gone.headers).toBeUndefined();
});
