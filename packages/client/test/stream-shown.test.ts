// s21 item 2: the errors `tasks.stream` (and `request` on the streaming operation) build from what
// the server sent (an event for another task, an id no call can follow, an answer that is not a
// stream) skipped the cleaning every other error gets (key-tail.ts): a lying SSE server put a run
// of the key (its end, without the `monet_` start the start path's redaction looks for) and an
// 8-bit terminal sequence (a C1 CSI, which JSON.stringify leaves as it is) into `err.message`.
// A real hostile SSE server.
import type http from "node:http";
import { afterEach, expect, test } from "vitest";
import { type Hostile, json, startHostile } from "../../../test/support/hostile.js";
import { APIError, Monet, MonetError } from "../src/index.js";
import { event, params, SSE, task } from "./sse-answers.js";

const KEY = "monet_live-STREAM-SECRET-1234567890";
const TAIL = KEY.slice("monet_".length + 4); // a run of the key without its start
const CSI = "\u009b2J\u001b]8;;http://evil.example\u0007";
const LIE = `${CSI}${TAIL}`;

let server: Hostile | undefined;
afterEach(() => server?.close());

const answers: [string, (res: http.ServerResponse) => void][] = [
  ["an event for another task", (res) => res.writeHead(200, SSE).end(event("created", task("task_mine")) + event("progress", task(`task_${LIE}`)))],
  ["an id no call can follow", (res) => res.writeHead(200, SSE).end(event("created", task(`a/${LIE}`)))],
  [
    "an error event naming an id no call can follow",
    (res) => res.writeHead(200, SSE).end(`event: error\ndata: ${JSON.stringify({ event: "error", task_id: `a/${LIE}` })}\n\n`),
  ],
  [
    "an answer that is not a stream, with a lying content type",
    (res) => res.writeHead(200, { "content-type": `text/html; x=${TAIL}\u009b2J` }).end("<p>hi</p>"),
  ],
];

const clean = (err: MonetError) => {
  expect(err).toBeInstanceOf(MonetError);
  for (const text of [err.message, err.stack ?? ""]) {
    expect(text).not.toContain(TAIL.slice(0, 12));
    // (The stack's own line breaks aside.)
    expect(text.replace(/\n/g, " ")).not.toMatch(/\p{Cc}/u);
  }
};

test.each(answers)("tasks.stream: %s is an APIError without the key's run or the server's control characters", async (_name, answer) => {
  server = await startHostile((req, res) => (req.method === "GET" ? json(res, 200, task("task_mine", "success")) : answer(res)));
  const monet = new Monet({ apiKey: KEY, baseUrl: server.url, maxRetries: 0 });
  let err: APIError | undefined;
  try {
    for await (const _ of monet.tasks.stream(params, { pollInterval: 10 }));
  } catch (e) {
    err = e as APIError;
  }
  expect(err).toBeInstanceOf(APIError);
  clean(err as APIError);
});

test("request('createTaskStream'): an answer that is not a stream, with a lying content type, is an APIError without either", async () => {
  server = await startHostile((_req, res) => answers[3][1](res));
  const monet = new Monet({ apiKey: KEY, baseUrl: server.url, maxRetries: 0 });
  const err = await monet.request("createTaskStream", { body: { ...params, idempotency_key: "k1" } }).catch((e) => e);
  clean(err);
});

test("request('createTaskStream'): a stream cut after an event naming a lying task id is an error without either", async () => {
  server = await startHostile((_req, res) => res.writeHead(200, SSE).end(event("created", task(`task_${LIE}`))));
  const monet = new Monet({ apiKey: KEY, baseUrl: server.url, maxRetries: 0 });
  const { data } = await monet.request("createTaskStream", { body: { ...params, idempotency_key: "k1" } }).withResponse();
  const err = await (async () => {
    for await (const _ of data as AsyncIterable<unknown>);
  })().catch((e) => e);
  expect(err.message).toContain("ended before the task's final status");
  clean(err);
});
