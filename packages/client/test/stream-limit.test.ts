// A server that sends one endless line on the event stream cannot make `tasks.stream` spend CPU
// growing with the square of it (or hold it forever): past MAX_EVENT the stream is dropped and the
// same task is polled. Runs against the built package, with the line counter from the source.
import { createParser } from "eventsource-parser";
import { afterEach, expect, test } from "vitest";
import { type Hostile, json, startHostile } from "../../../test/support/hostile.js";
import { Monet } from "../dist/index.js";
import { MAX_EVENT, sseLines } from "../src/sse-lines.js";

let server: Hostile | undefined;
afterEach(() => server?.close());

const MiB = 1 << 20;
const task = (status: string) => ({
  id: "task_true",
  type: "image",
  status,
  created_at: "2026-01-01T00:00:00Z",
  ...(status === "success" ? { outputs: [{ url: "https://cdn.example/a.png", status: "success", progress: 100 }] } : {}),
});

test("16 MiB without a newline, then close: the stream is dropped early and the true task comes from polling", async () => {
  let written = 0;
  let clientLeft = false;
  server = await startHostile((req, res) => {
    if (req.method === "GET") return json(res, 200, task("success"));
    res.writeHead(200, { "content-type": "text/event-stream" });
    res.write(`event: created\ndata: ${JSON.stringify({ event: "created", task: task("pending") })}\n\n`);
    res.on("close", () => (clientLeft = !res.writableFinished));
    const piece = "x".repeat(64 * 1024);
    // Respect backpressure: the server only writes as fast as the client reads.
    const pump = () => {
      while (written < 16 * MiB && !res.destroyed) {
        written += piece.length;
        if (!res.write(piece)) return void res.once("drain", pump);
      }
      if (!res.destroyed) res.end();
    };
    pump();
  });
  const monet = new Monet({ apiKey: "monet_test", baseUrl: server.url });
  const events = [];
  for await (const ev of monet.tasks.stream({ type: "image", input: { model: "flux-2-dev", prompt: "a cat" } }, { pollInterval: 10 })) events.push(ev);
  expect(events.map((e) => e.event)).toEqual(["created", "success"]);
  expect(events.at(-1)?.task).toEqual(task("success"));
  // The client hung up: it did not read the 16 MiB to the end.
  expect(clientLeft).toBe(true);
  expect(written).toBeLessThan(16 * MiB);
  // One create, then polls of the same task: nothing was created twice.
  expect(server.seen.filter((s) => s.method === "POST")).toHaveLength(1);
  expect(server.seen.filter((s) => s.method === "GET").every((s) => s.path === "/api/v1/tasks/task_true")).toBe(true);
}, 60_000);

test("the parser is given each character once, in whole lines, however the text is cut", () => {
  let fed = 0;
  const lines: string[] = [];
  const l = sseLines((t) => {
    fed += t.length;
    lines.push(t);
  }, Infinity);
  const event = `data: ${"y".repeat(5000)}\n\n`;
  // One byte at a time: the worst case for a parser that re-reads its unfinished line.
  for (const ch of event.repeat(20)) l.push(ch);
  expect(fed).toBe(event.length * 20);
  expect(lines.every((t) => /[\r\n]$/.test(t))).toBe(true);
});

test("an unterminated line is never handed to the parser and is refused past MAX_EVENT", () => {
  let fed = 0;
  const l = sseLines((t) => {
    fed += t.length;
  });
  const piece = "z".repeat(4096);
  let ok = true;
  let pushed = 0;
  while (ok) {
    ok = l.push(piece);
    pushed += piece.length;
  }
  expect(fed).toBe(0);
  expect(pushed).toBeGreaterThan(MAX_EVENT);
  expect(pushed).toBeLessThanOrEqual(MAX_EVENT + piece.length);
});

test("an event built of many short lines counts as one: past MAX_EVENT it is refused", () => {
  const l = sseLines(() => {});
  let ok = true;
  let pushed = 0;
  while (ok && pushed < 4 * MAX_EVENT) {
    ok = l.push("data: aaaaaaaaaaaaaaaa\n");
    pushed += 23;
  }
  expect(ok).toBe(false);
  l.ended();
  expect(l.push("data: b\n")).toBe(true);
});

test("a stream that only sends keep-alive comments ends at waitTimeout with the task's id (it never went idle, and ran for ever)", async () => {
  let clientLeft = false;
  server = await startHostile((_req, res) => {
    res.writeHead(200, { "content-type": "text/event-stream" });
    res.write(`event: created\ndata: ${JSON.stringify({ event: "created", task: task("pending") })}\n\n`);
    const ping = setInterval(() => res.write(": ping\n\n"), 50);
    res.on("close", () => {
      clearInterval(ping);
      clientLeft = true;
    });
  });
  const monet = new Monet({ apiKey: "monet_x", baseUrl: server.url });
  const events: string[] = [];
  const err = await (async () => {
    for await (const ev of monet.tasks.stream({ type: "image", input: { model: "flux-2-dev", prompt: "x" } }, { waitTimeout: 400 })) events.push(ev.event);
  })().then(
    () => expect.unreachable("the stream should end with an error"),
    (e) => e,
  );
  expect(events).toEqual(["created"]);
  expect(err.name).toBe("WaitTimeoutError");
  expect(err.taskId).toBe("task_true");
  expect(err.message).toMatch(/within 400 ms/);
  await expect.poll(() => clientLeft).toBe(true);
  expect(server.seen.filter((s) => s.method === "POST")).toHaveLength(1);
});

test("an event that crosses MAX_EVENT in the chunk that also ends it is refused, not taken (it was parsed once the count had reset)", () => {
  const events: string[] = [];
  const parser = createParser({ onEvent: (m) => void (l.ended() && events.push(m.data)) });
  const l = sseLines((t) => parser.feed(t));
  expect(l.push("data: small\n\n")).toBe(true);
  expect(l.push(`data: ${"x".repeat(MAX_EVENT - 100)}`)).toBe(true);
  // The limit is crossed and the event ended in one push.
  expect(l.push(`${"y".repeat(200)}\n\ndata: next`)).toBe(false);
  expect(events).toEqual(["small"]);
  // The next event starts from zero.
  expect(l.push("\n\n")).toBe(true);
  expect(events).toEqual(["small", "next"]);
});

// Through the client's fetch option: chunk boundaries over a socket are not the sender's to choose.
test("tasks.stream: an oversized success in the chunk that ends it is not yielded; the task comes from polling", async () => {
  const enc = new TextEncoder();
  const fake = { ...task("success"), input: { prompt: "z".repeat(MAX_EVENT) } };
  const big = `event: success\ndata: ${JSON.stringify({ event: "success", task: fake })}\n\n`;
  // Two chunks, cut so that the second crosses the limit and holds the event's closing newlines.
  const chunks = [
    `event: created\ndata: ${JSON.stringify({ event: "created", task: task("pending") })}\n\n${big.slice(0, MAX_EVENT - 1000)}`,
    big.slice(MAX_EVENT - 1000),
  ];
  const fetch: typeof globalThis.fetch = async (_input, init) => {
    if (init?.method !== "POST") return Response.json(task("success"));
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        for (const s of chunks) c.enqueue(enc.encode(s));
        c.close();
      },
    });
    return new Response(body, { headers: { "content-type": "text/event-stream" } });
  };
  const monet = new Monet({ apiKey: "monet_test", baseUrl: "http://127.0.0.1:9", fetch });
  const events = [];
  for await (const ev of monet.tasks.stream({ type: "image", input: { model: "flux-2-dev", prompt: "a cat" } }, { pollInterval: 10 })) events.push(ev);
  expect(events.map((e) => e.event)).toEqual(["created", "success"]);
  expect(events.at(-1)?.task).toEqual(task("success"));
});
