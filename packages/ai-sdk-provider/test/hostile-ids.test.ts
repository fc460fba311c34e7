// A lying server's create answers: a task of another type is refused at once (it was polled until
// waitTimeoutMs), and a task id 100,000 characters long is not echoed whole into messages.
import { APICallError } from "@ai-sdk/provider";
import { generateImage } from "ai";
import { afterAll, beforeAll, expect, test } from "vitest";
import { type Hostile as Server, startHostile as serve } from "../../../test/support/hostile.js";
import { APIError, createMonet } from "../src/index.js";
import { KEY } from "./helpers.js";

let server: Server;
let base: string;
let created: Record<string, unknown> = {};
const gets: string[] = [];

beforeAll(async () => {
  server = await serve((req, res) => {
    req.resume();
    if (req.method === "POST") return void res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(created));
    gets.push(req.url ?? "");
    // A path this long is what a real server refuses.
    if ((req.url ?? "").length > 8000) return void res.writeHead(431).end();
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ ...created, status: "processing" }));
  });
  base = server.url;
});
afterAll(() => server.close());

// waitTimeoutMs is far beyond the test's time: a call that polls ends only by the test's timeout.
const failure = () =>
  generateImage({
    model: createMonet({ apiKey: KEY, baseURL: base, pollIntervalMs: 20, waitTimeoutMs: 3_600_000, maxRetries: 0 }).image("flux-1-schnell"),
    prompt: "x",
  }).then(
    () => new Error("the call succeeded") as APICallError,
    (e: unknown) => e as APICallError,
  );

test("a create answered with a video task for an image model fails at once, naming it, with no poll", async () => {
  created = { id: "task_v", type: "video", status: "pending", created_at: "2026-01-01T00:00:00Z" };
  gets.length = 0;
  const e = await failure();
  expect(APICallError.isInstance(e)).toBe(true);
  expect(e.statusCode).toBe(200);
  expect(e.cause).toBeInstanceOf(APIError);
  expect(e.message).toContain('the server answered the create of an image task (flux-1-schnell) with "video" task task_v');
  expect(gets).toEqual([]);
});

test("a task id of 100,000 characters is cut in the error's message", async () => {
  const id = `task_${"a".repeat(100_000)}`;
  created = { id, type: "image", status: "pending", created_at: "2026-01-01T00:00:00Z" };
  const e = await failure();
  expect(APICallError.isInstance(e)).toBe(true);
  expect(e.statusCode).toBe(431);
  expect(e.message.length).toBeLessThan(2_000);
  expect(e.message).toContain(`${id.slice(0, 100)}… (99905 more characters)`);
});

test("a create answered with an id no call can follow gives the key to report, and no advice to run the call again (it gets the same id)", async () => {
  created = { id: "../x", type: "image", status: "pending", created_at: "2026-01-01T00:00:00Z" };
  gets.length = 0;
  const e = (await failure()) as APICallError & { idempotencyKey?: string };
  expect(e.message).toContain("which no call can follow");
  expect(e.message).toContain("gets the same answer");
  expect(e.message).not.toMatch(/run this call again|create it again with/);
  expect(typeof e.idempotencyKey).toBe("string");
  expect(gets).toEqual([]);
});
