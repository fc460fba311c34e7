// A failed request comes back as the AI SDK's APICallError, as from every official provider:
// statusCode, url, headers and bodies (the key taken out even when a server echoes it), not
// retryable by the AI SDK (the client already retried with the same idempotency key), and the
// client's typed error as `cause`. `createMonet({ maxRetries })` sets the client's retries.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { APICallError } from "@ai-sdk/provider";
import { generateImage, experimental_generateVideo as generateVideo } from "ai";
import { afterAll, beforeAll, expect, test } from "vitest";
import { APIConnectionError, createMonet, InternalServerError, RateLimitError } from "../src/index.js";
import { KEY } from "./helpers.js";

/** A server that answers every request with `status`, echoing the key in a header and in its body. */
let server: http.Server;
let base: string;
let status = 503;
/** Whether the body spells the key in JSON escapes (\u006d...), as a server may echo it. */
let escaped = false;
const seen: { method: string; url: string }[] = [];
beforeAll(async () => {
  server = http.createServer((req, res) => {
    seen.push({ method: req.method ?? "", url: req.url ?? "" });
    req.resume();
    req.on("end", () => {
      res.writeHead(status, { "content-type": "application/json", "x-request-id": "req_hostile_1", "x-echo": `Bearer ${KEY}`, "retry-after-ms": "1" });
      const body = JSON.stringify({ error: { code: "unavailable", message: `down for ${KEY}` } });
      res.end(escaped ? body.replace(KEY, [...KEY].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`).join("")) : body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const creates = () => seen.filter((r) => r.method === "POST").length;

test("an error status: APICallError with statusCode, url, plain headers, bodies without the key, not retryable, the client's error as cause", async () => {
  status = 503;
  const before = creates();
  const monet = createMonet({ apiKey: KEY, baseURL: base, maxRetries: 0 });
  // The AI SDK's own retries (maxRetries 2, its default) see isRetryable false: they send nothing more.
  const e = (await generateVideo({ model: monet.video("sora-2"), prompt: "a cat", maxRetries: 2 }).catch((e: unknown) => e)) as APICallError;
  expect(APICallError.isInstance(e), String(e)).toBe(true);
  expect(creates() - before).toBe(1);
  expect(e.statusCode).toBe(503);
  expect(e.isRetryable).toBe(false);
  expect(e.url).toBe(`${base}/api/v1/tasks/async`);
  expect(e.responseHeaders?.["x-request-id"]).toBe("req_hostile_1");
  expect(e.responseHeaders?.["x-echo"]).toBe("Bearer [redacted]");
  expect(JSON.parse(e.responseBody ?? "")).toEqual({ error: { code: "unavailable", message: "down for [redacted]" } });
  expect((e.requestBodyValues as { type: string; input: { prompt: string } }).input.prompt).toBe("a cat");
  expect(e.cause).toBeInstanceOf(InternalServerError);
  expect((e as APICallError & { code?: string; requestId?: string }).code).toBe("unavailable");
  expect((e as APICallError & { requestId?: string }).requestId).toBe("req_hostile_1");
  expect(JSON.stringify({ ...e, message: e.message, cause: String(e.cause) })).not.toContain(KEY);
});

test("a body that spells the key in JSON escapes: responseBody has no key in any spelling", async () => {
  status = 500;
  escaped = true;
  try {
    const e = (await generateImage({ model: createMonet({ apiKey: KEY, baseURL: base, maxRetries: 0 }).image("flux-2-dev"), prompt: "x" }).catch(
      (e: unknown) => e,
    )) as APICallError;
    expect(APICallError.isInstance(e), String(e)).toBe(true);
    expect(e.responseBody).not.toMatch(/\\u006d/i);
    expect(JSON.parse(e.responseBody ?? "")).toEqual({ error: { code: "unavailable", message: "down for [redacted]" } });
  } finally {
    escaped = false;
  }
});

test("createMonet({ maxRetries }) is the client's: 1 sends the create twice, the default three times (same idempotency key)", async () => {
  status = 429;
  let before = creates();
  const once = await generateImage({ model: createMonet({ apiKey: KEY, baseURL: base, maxRetries: 1 }).image("flux-2-dev"), prompt: "x" }).catch(
    (e: unknown) => e,
  );
  expect(creates() - before).toBe(2);
  expect((once as APICallError).statusCode).toBe(429);
  expect((once as APICallError).cause).toBeInstanceOf(RateLimitError);
  before = creates();
  await generateImage({ model: createMonet({ apiKey: KEY, baseURL: base }).image("flux-2-dev"), prompt: "x", maxRetries: 0 }).catch(() => {});
  expect(creates() - before).toBe(3);
});

test("no answer (connection refused, after the client's retries): APICallError with the url and no status, the connection error as cause", async () => {
  // A port just closed: nothing listens there.
  const closed = http.createServer();
  await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
  const port = (closed.address() as AddressInfo).port;
  await new Promise((resolve) => closed.close(resolve));
  const e = (await generateImage({
    model: createMonet({ apiKey: KEY, baseURL: `http://127.0.0.1:${port}`, maxRetries: 0 }).image("flux-2-dev"),
    prompt: "x",
  }).catch((e: unknown) => e)) as APICallError;
  expect(APICallError.isInstance(e), String(e)).toBe(true);
  expect(e.url).toBe(`http://127.0.0.1:${port}/api/v1/tasks/async`);
  expect(e.statusCode).toBeUndefined();
  expect(e.isRetryable).toBe(false);
  expect(e.cause).toBeInstanceOf(APIConnectionError);
});
