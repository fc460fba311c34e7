// What a long-lived process keeps after each call (audit s12-leaks): listeners on the app's one
// signal, open connections, timers that hold the process. Each case runs against a loopback
// server that counts the sockets the client holds open; a case about timers runs the built package
// in a process of its own, which must exit.
import { getEventListeners } from "node:events";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, test } from "vitest";
import { AbortError, APIConnectionTimeoutError, APIError, Monet } from "../src/index.js";

interface Counting {
  url: string;
  /** Sockets the client holds open now. */
  open(): number;
  close(): Promise<void>;
}

let servers: Counting[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

async function counting(handler: http.RequestListener): Promise<Counting & { hangUp(): void }> {
  const sockets = new Set<import("node:net").Socket>();
  const server = http.createServer(handler);
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const s = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    open: () => sockets.size,
    hangUp: () => server.closeAllConnections(),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  servers.push(s);
  return s;
}

/** Waits until `check` holds; the test's own time limit is the budget. */
async function until(check: () => boolean) {
  while (!check()) await new Promise((r) => setTimeout(r, 10));
}

const listeners = (signal: AbortSignal) => getEventListeners(signal, "abort").length;

/** Event-stream headers, one keep-alive comment, then silence (the connection stays open). */
const silentStream: http.RequestListener = (_req, res) => {
  res.writeHead(200, { "content-type": "text/event-stream" });
  res.write(": keep-alive\n\n");
};
const params = { body: { type: "image" as const, input: { model: "flux-2-dev" as const, prompt: "a kite" } } };

describe("request() on a streaming operation", () => {
  test("return() before the first next() releases the app's signal and closes the connection", async () => {
    const server = await counting(silentStream);
    const monet = new Monet({ apiKey: "monet_test", baseUrl: server.url, maxRetries: 0 });
    const app = new AbortController();
    for (let i = 0; i < 3; i++) {
      const events = (await monet.request("createTaskStream", params, { signal: app.signal })) as AsyncIterableIterator<object>;
      expect(await events.return?.()).toEqual({ done: true, value: undefined });
      expect(await events.next()).toEqual({ done: true, value: undefined });
    }
    expect(listeners(app.signal)).toBe(0);
    await until(() => server.open() === 0);
  });

  test("throw() before the first next() does the same, and rejects with what it was given", async () => {
    const server = await counting(silentStream);
    const monet = new Monet({ apiKey: "monet_test", baseUrl: server.url, maxRetries: 0 });
    const app = new AbortController();
    const events = (await monet.request("createTaskStream", params, { signal: app.signal })) as AsyncIterableIterator<object>;
    const mine = new Error("the caller's own");
    await expect(events.throw?.(mine)).rejects.toBe(mine);
    expect(listeners(app.signal)).toBe(0);
    await until(() => server.open() === 0);
  });

  test("an event stream with no body releases the app's signal at once, before it is read", async () => {
    const server = await counting((_req, res) => {
      res.writeHead(204, { "content-type": "text/event-stream" });
      res.end();
    });
    const monet = new Monet({ apiKey: "monet_test", baseUrl: server.url, maxRetries: 0 });
    const app = new AbortController();
    const events = await monet.request("createTaskStream", params, { signal: app.signal });
    expect(listeners(app.signal)).toBe(0);
    const seen = [];
    for await (const e of events) seen.push(e);
    expect(seen).toEqual([]);
  });

  test("the caller's abort is an AbortError, not a broken connection to poll after", async () => {
    const server = await counting(silentStream);
    const monet = new Monet({ apiKey: "monet_test", baseUrl: server.url, maxRetries: 0 });
    const app = new AbortController();
    const events = (await monet.request("createTaskStream", params, { signal: app.signal }))[Symbol.asyncIterator]();
    const first = events.next();
    app.abort(new Error("shutting down"));
    const e = await first.then(
      () => expect.fail("should have been aborted"),
      (e) => e,
    );
    expect(e).toBeInstanceOf(AbortError);
    expect(e.message).toBe("The event stream of POST /api/v1/tasks/sync was aborted");
    await until(() => server.open() === 0);
  });

  test("the client's timeout bounds a silent stream, as it bounds every other attempt", async () => {
    const server = await counting(silentStream);
    const monet = new Monet({ apiKey: "monet_test", baseUrl: server.url, maxRetries: 0, timeout: 100 });
    const events = await monet.request("createTaskStream", params);
    const e = await (async () => {
      for await (const _ of events);
    })().then(
      () => expect.fail("should have gone quiet"),
      (e) => e,
    );
    expect(e).toBeInstanceOf(APIConnectionTimeoutError);
    expect(e.message).toBe("The event stream of POST /api/v1/tasks/sync was quiet for 100 ms");
    // A call's own timeout still wins over the client's.
    const slower = await monet.request("createTaskStream", params, { timeout: 150 });
    await expect(slower[Symbol.asyncIterator]().next()).rejects.toThrow("was quiet for 150 ms");
  });
});

describe("tasks.stream", () => {
  test("a JSON answer whose body stalls: the idle limit gives up and closes the connection", async () => {
    const server = await counting((_req, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-length": "100" });
      res.write('{"id": "task_');
    });
    const monet = new Monet({ apiKey: "monet_test", baseUrl: server.url, maxRetries: 0 });
    const app = new AbortController();
    const stream = monet.tasks.stream(params.body, { idleTimeout: 100, signal: app.signal });
    await expect(stream.next()).rejects.toThrow(APIError);
    expect(listeners(app.signal)).toBe(0);
    await until(() => server.open() === 0);
  });
});
