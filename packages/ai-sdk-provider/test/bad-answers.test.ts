// A success status whose body is not what was asked (an HTML page, not JSON, a task with another
// id) is a failed request too: the AI SDK's APICallError, as the README's catch expects, with
// the client's error as its cause, the status and the request's URL.
import { APICallError } from "@ai-sdk/provider";
import { generateImage } from "ai";
import { afterAll, beforeAll, expect, test } from "vitest";
import { type Hostile as Server, startHostile as serve } from "../../../test/support/hostile.js";
import { APIError, createMonet } from "../src/index.js";
import { KEY } from "./helpers.js";

let server: Server;
let base: string;
/** What the create answers (a 200 with this body and content type). */
let create = { type: "application/json", body: "" };
/** What a GET of the task answers. */
let get = { type: "application/json", body: "" };

const task = (id: string, status = "pending") => JSON.stringify({ id, type: "image", status, created_at: "2026-01-01T00:00:00Z" });

beforeAll(async () => {
  server = await serve((req, res) => {
    req.resume();
    const a = req.method === "POST" ? create : get;
    res.writeHead(200, { "content-type": a.type, "x-request-id": "req_bad_1" }).end(a.body);
  });
  base = server.url;
});
afterAll(() => server.close());

const failure = () =>
  generateImage({ model: createMonet({ apiKey: KEY, baseURL: base, pollIntervalMs: 20, maxRetries: 0 }).image("flux-1-schnell"), prompt: "x" }).then(
    () => new Error("the call succeeded") as APICallError,
    (e: unknown) => e as APICallError,
  );

test.each([
  [
    "the create answers an HTML page",
    { type: "text/html", body: "<!doctype html><title>Login</title>" },
    { type: "application/json", body: "" },
    "/api/v1/tasks/async",
    /like a web page/,
  ],
  [
    "the create answers something not JSON",
    { type: "application/json", body: "{not json" },
    { type: "application/json", body: "" },
    "/api/v1/tasks/async",
    /Expected JSON/,
  ],
  [
    "a poll answers with another task",
    { type: "application/json", body: task("task_a") },
    { type: "application/json", body: task("task_b") },
    "/api/v1/tasks/task_a",
    /another task/,
  ],
])("%s: APICallError with statusCode 200, the request's url, the client's APIError as cause", async (_, c, g, path, said) => {
  create = c;
  get = g;
  const e = await failure();
  expect(APICallError.isInstance(e)).toBe(true);
  expect(e.statusCode).toBe(200);
  expect(e.url).toBe(`${base}${path}`);
  expect(e.isRetryable).toBe(false);
  expect(e.cause).toBeInstanceOf(APIError);
  expect(e.message).toMatch(said);
  expect(e.responseHeaders?.["x-request-id"]).toBe("req_bad_1");
});

// A success whose outputs are no list, or list no entry with a URL: the task is named as done
// without an output (it was a TypeError saying the task was unfinished and went on).
test.each<[string, unknown]>([
  ["a string", "x"],
  ["an object", { url: "https://files.example/a.png" }],
  ["a list of null", [null]],
  ["a list without a url", [{ progress: 100 }]],
])("a finished task whose outputs are %s: an error saying it succeeded without an output URL, naming it", async (_, outputs) => {
  create = { type: "application/json", body: task("task_o") };
  get = { type: "application/json", body: JSON.stringify({ ...JSON.parse(task("task_o", "success")), outputs }) };
  const e = (await failure()) as Error & { taskIds?: string[] };
  expect(e.name).not.toBe("TypeError");
  expect(e.message).toContain("Monet task task_o (flux-1-schnell) succeeded without an output URL");
  expect(e.message).toContain("which succeeded: only fetching its outputs failed");
  expect(e.taskIds).toEqual(["task_o"]);
});
