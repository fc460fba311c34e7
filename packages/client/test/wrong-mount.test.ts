// Audit s16-mock finding 7: with `baseUrl: "/api/monet"` and no proxy mounted on the page's own
// dev server, a create said "NotFoundError: HTTP 404: Not Found", which reads like a missing task.
// An error answer that is a web page (or a 404/405 in anything but the API's JSON) now says the
// server is not the Monet API or its proxy, and to check where the proxy is mounted; so does a GET
// the dev server's SPA fallback answers 200 with the app's page (it said "Expected JSON, got
// <!doctype html>").
import http from "node:http";
import type { AddressInfo } from "node:net";
import { APIError, Monet, NotFoundError } from "@monet-ai/client";
import { type MockServer, startMockServer } from "@monet-ai/mock";
import { afterAll, beforeAll, expect, test } from "vitest";

let devServer: http.Server;
let devUrl: string;
let mock: MockServer;

beforeAll(async () => {
  // A dev server with an SPA fallback (as Vite's): GET gets the app's page; other methods a plain
  // 404, or Express's HTML one under /express.
  devServer = http.createServer((req, res) => {
    req.resume();
    if (req.url?.startsWith("/express/"))
      return void res
        .writeHead(404, { "content-type": "text/html; charset=utf-8" })
        .end(`<!DOCTYPE html><html><head><title>Error</title></head><body><pre>Cannot ${req.method} ${req.url}</pre></body></html>`);
    if (req.method === "GET") return void res.writeHead(200, { "content-type": "text/html" }).end("<!doctype html><title>app</title><div id=app></div>");
    res.writeHead(404, { "content-type": "text/plain" }).end("Not Found");
  });
  await new Promise<void>((r) => devServer.listen(0, "127.0.0.1", r));
  devUrl = `http://127.0.0.1:${(devServer.address() as AddressInfo).port}`;
  mock = await startMockServer({ port: 0 });
});
afterAll(async () => {
  devServer?.closeAllConnections();
  await new Promise((r) => devServer?.close(r));
  await mock?.close();
});

const failure = (p: Promise<unknown>) =>
  p.then(
    () => expect.fail("resolved"),
    (e: Error) => e,
  );
const params = { type: "image", input: { model: "flux-2-dev", prompt: "x" } } as const;

test("a create sent to a dev server with no proxy mounted says the server is not the API or its proxy", async () => {
  const monet = new Monet({ apiKey: null, baseUrl: `${devUrl}/api/monet`, maxRetries: 0 });
  const e = await failure(monet.tasks.create(params));
  expect(e).toBeInstanceOf(NotFoundError);
  expect(e.message).toBe(
    `HTTP 404 from ${devUrl}/api/monet/api/v1/tasks/async: that server answered with text/plain, not as the Monet API or its proxy do (JSON). Check that baseUrl names the API, or the path where the Monet proxy is mounted on that server.`,
  );
});

test("an HTML error page says it was a web page, with its title", async () => {
  const monet = new Monet({ apiKey: null, baseUrl: `${devUrl}/express`, maxRetries: 0 });
  const e = await failure(monet.tasks.get("task_1"));
  expect(e).toBeInstanceOf(NotFoundError);
  expect(e.message).toMatch(
    /^HTTP 404 from http:\/\/127\.0\.0\.1:\d+\/express\/api\/v1\/tasks\/task_1: that server answered like a web page \(HTML, titled "Error"\), not as the Monet API/,
  );
  expect(e.message).toContain("where the Monet proxy is mounted");
});

test("a GET the dev server's SPA fallback answers (200, its app's page) gets the same hint", async () => {
  const monet = new Monet({ apiKey: null, baseUrl: `${devUrl}/api/monet`, maxRetries: 0 });
  const e = await failure(monet.tasks.get("task_1"));
  expect(e).toBeInstanceOf(APIError);
  expect((e as APIError).status).toBe(200);
  expect(e.message).toBe(
    `HTTP 200 from ${devUrl}/api/monet/api/v1/tasks/task_1: that server answered like a web page (HTML, titled "app"), not as the Monet API or its proxy do (JSON). Check that baseUrl names the API, or the path where the Monet proxy is mounted on that server.`,
  );
});

test("a 200 that is neither JSON nor a page says what came", async () => {
  const plain = http.createServer((req, res) => {
    req.resume();
    res.writeHead(200, { "content-type": "text/plain" }).end("OK");
  });
  await new Promise<void>((r) => plain.listen(0, "127.0.0.1", r));
  try {
    const monet = new Monet({ apiKey: null, baseUrl: `http://127.0.0.1:${(plain.address() as AddressInfo).port}`, maxRetries: 0 });
    const e = await failure(monet.tasks.get("task_1"));
    expect(e).toBeInstanceOf(APIError);
    expect(e.message).toBe("Expected JSON, got OK (HTTP 200)");
  } finally {
    plain.closeAllConnections();
    await new Promise((r) => plain.close(r));
  }
});

test("the API's own 404 (JSON) keeps its message", async () => {
  const monet = new Monet({ apiKey: "monet_wrong_mount", baseUrl: mock.url, maxRetries: 0 });
  const e = await failure(monet.tasks.get("task_missing"));
  expect(e).toBeInstanceOf(NotFoundError);
  expect(e.message).not.toContain("web page");
  expect(e.message).not.toContain("proxy");
});
