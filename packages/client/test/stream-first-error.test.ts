// Audit s17-recheck N7: a stream whose first event is `error` without a `task_id` (the spec's
// StreamErrorEvent: its task_id is optional) lost the server's code and message, and the create
// was sent again as if the stream had been cut: 3 POSTs, then "The event stream broke before the
// API named the task". It is the server's answer: an APIError with its code and message, the
// create's idempotency key on it, after 1 POST.
import { afterEach, expect, test } from "vitest";
import { type Hostile, json, startHostile } from "../../../test/support/hostile.js";
import { APIConnectionError, APIError, Monet } from "../src/index.js";
import { params, SSE, task } from "./sse-answers.js";

let server: Hostile | undefined;
afterEach(() => server?.close());

const errorEvent = (body: object) => `event: error\ndata: ${JSON.stringify({ event: "error", ...body })}\n\n`;

async function drain(monet: Monet) {
  const events: string[] = [];
  try {
    for await (const e of monet.tasks.stream(params, { pollInterval: 10 })) events.push(`${e.event}:${e.task.id}`);
  } catch (e) {
    return { events, error: e as APIError };
  }
  return { events, error: undefined };
}

test("a first event `error` naming no task is the server's APIError, with its code, message and the create's key, after 1 POST", async () => {
  server = await startHostile((_req, res) =>
    res.writeHead(200, SSE).end(errorEvent({ error: { code: "insufficient_credits", message: "Your balance is 0 credits" } })),
  );
  const { events, error } = await drain(new Monet({ apiKey: "monet_x", baseUrl: server.url }));
  expect(events).toEqual([]);
  expect(error).toBeInstanceOf(APIError);
  expect(error).not.toBeInstanceOf(APIConnectionError);
  expect(error?.code).toBe("insufficient_credits");
  expect(error?.message).toContain("Your balance is 0 credits");
  expect(server.seen).toHaveLength(1);
  expect(error?.idempotencyKey).toBe(JSON.parse(server.seen[0]?.body ?? "").idempotency_key);
});

test("its message is cut to a bound, and an error without a message or code still says what came", async () => {
  server = await startHostile((_req, res) =>
    res.writeHead(200, SSE).end(errorEvent(server && server.seen.length > 1 ? {} : { error: { code: "x".repeat(500), message: "m".repeat(10_000) } })),
  );
  const monet = new Monet({ apiKey: "monet_x", baseUrl: server.url });
  const first = await drain(monet);
  expect(first.error?.message.length).toBeLessThan(2_500);
  expect(first.error?.code?.length).toBeLessThan(200);
  const second = await drain(monet);
  expect(second.error).toBeInstanceOf(APIError);
  expect(second.error?.message).toContain("naming no task");
  expect(second.error?.code).toBeUndefined();
});

test("an `error` event naming no task after `created` still polls the task the stream named", async () => {
  server = await startHostile((req, res) => {
    if (req.method === "GET") return json(res, 200, task("task_mine", "success"));
    res
      .writeHead(200, SSE)
      .end(`event: created\ndata: ${JSON.stringify({ event: "created", task: task("task_mine") })}\n\n${errorEvent({ error: { code: "e", message: "m" } })}`);
  });
  const { events, error } = await drain(new Monet({ apiKey: "monet_x", baseUrl: server.url }));
  expect(error).toBeUndefined();
  expect(events).toEqual(["created:task_mine", "success:task_mine"]);
});
