// What of a hostile Monet's answer reaches the browser, read off a raw socket in front of the
// built proxy: an allowlist of headers, the API's own content types only, never the key.
import { afterAll, beforeAll, beforeEach, expect, test } from "vitest";
import { createMonetProxy } from "../src/index.js";
import { hostileUpstream, type ProxyProcess, proxyProcess } from "./support/hostile.ts";
import { http11, rawRequest } from "./support/raw.ts";

const KEY = "monet_upstream_answers_SECRET_31";
let upstream: Awaited<ReturnType<typeof hostileUpstream>>;
let proxy: ProxyProcess;

beforeAll(async () => {
  upstream = await hostileUpstream();
  proxy = await proxyProcess({ apiKey: KEY, baseUrl: upstream.url });
});
beforeEach(() => {
  upstream.seen.length = 0;
});
afterAll(async () => {
  proxy?.stop();
  await upstream?.close();
});

const list = () => rawRequest(proxy.plain, http11("GET /api/v1/tasks/list HTTP/1.1"));
const RISKY = {
  refresh: "0; url=https://evil.example/",
  "clear-site-data": '"cookies", "storage"',
  location: "https://evil.example/",
  link: "<https://evil.example/x.css>; rel=stylesheet",
  "content-security-policy": "script-src 'unsafe-inline' *",
  "set-cookie": "session=evil; Path=/",
  "x-frame-options": "ALLOWALL",
  "access-control-allow-origin": "*",
  "strict-transport-security": "max-age=0",
  "content-disposition": "attachment; filename=x.html",
  "x-debug-key": KEY,
};

test("a JSON answer keeps its body and the API's headers; every other header of Monet's stays on the server", async () => {
  upstream.answer((_req, res) =>
    res
      .writeHead(200, { "content-type": "application/json; charset=utf-8", "x-request-id": "req_9", "retry-after": "3", "cache-control": "no-store", ...RISKY })
      .end('{"total":0}'),
  );
  const res = await list();
  expect(res.status).toBe(200);
  expect(res.body).toBe('{"total":0}');
  expect(res.headers["content-type"]).toBe("application/json; charset=utf-8");
  expect(res.headers["x-request-id"]).toBe("req_9");
  expect(res.headers["retry-after"]).toBe("3");
  expect(res.headers["cache-control"]).toBe("no-store");
  expect(res.headers["x-content-type-options"]).toBe("nosniff");
  for (const h of Object.keys(RISKY)) expect(res.headers[h], h).toBeUndefined();
  expect(res.raw).not.toContain(KEY);
});

test("server-sent events pass as text/event-stream", async () => {
  upstream.answer((_req, res) => res.writeHead(200, { "content-type": "text/event-stream", refresh: "0" }).end('event: success\ndata: {"id":"t"}\n\n'));
  const res = await rawRequest(
    proxy.plain,
    http11("POST /api/v1/tasks/sync HTTP/1.1", ["Host: 127.0.0.1", "Content-Type: application/json", "Accept: text/event-stream"], "{}"),
  );
  expect([res.status, res.headers["content-type"], res.headers.refresh]).toEqual([200, "text/event-stream", undefined]);
  expect(res.body).toBe('event: success\ndata: {"id":"t"}\n\n');
});

test.each([
  ["an HTML page", 200, "text/html", "<script>alert(document.cookie)</script>"],
  ["an HTML error page", 500, "text/html; charset=utf-8", "<h1>oops</h1><script>steal()</script>"],
  ["an SVG image", 200, "image/svg+xml", "<svg xmlns='http://www.w3.org/2000/svg'><script>steal()</script></svg>"],
  ["XML", 200, "application/xml", "<a/>"],
  ["plain text", 200, "text/plain", "hello"],
  ["a body with no content type", 200, undefined, "<script>steal()</script>"],
])("%s from Monet becomes a JSON 502, its body and headers dropped", async (_name, status, type, body) => {
  upstream.answer((_req, res) => res.writeHead(status, { ...(type ? { "content-type": type } : {}), ...RISKY }).end(body));
  const res = await list();
  expect(res.status).toBe(502);
  expect(res.headers["content-type"]).toBe("application/json");
  expect(JSON.parse(res.body).error.code).toBe("bad_gateway");
  expect(res.body).not.toContain("script");
  for (const h of Object.keys(RISKY)) expect(res.headers[h], h).toBeUndefined();
});

test("a status outside 200-599 is a JSON 502, and the process lives on", async () => {
  upstream.answer((req, res) => {
    req.socket.end("HTTP/1.1 999 Weird\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}");
    res.destroy();
  });
  const res = await list();
  expect([res.status, JSON.parse(res.body).error.code]).toEqual([502, "bad_gateway"]);
  // The standard handler itself (Next.js, Bun, Deno, workers) answers too, rather than throw.
  const handler = createMonetProxy({ apiKey: KEY, baseUrl: upstream.url });
  const direct = await handler(new Request("http://localhost/api/v1/tasks/list"));
  expect(direct.status).toBe(502);
  upstream.answer((_req, res) => res.writeHead(200, { "content-type": "application/json" }).end("{}"));
  expect((await list()).status).toBe(200);
  expect(proxy.crashed()).toBeUndefined();
});

test("an answer with no body passes with no content type", async () => {
  upstream.answer((_req, res) => res.writeHead(204, { refresh: "0", location: "/x" }).end());
  const res = await list();
  expect(res.status).toBe(204);
  expect([res.headers.refresh, res.headers.location, res.headers["content-type"]]).toEqual([undefined, undefined, undefined]);
});

// An audit: an upstream that echoes the key in an error body or an event had it passed to the
// browser, and a key split across two headers passed in two halves.
test("the key in a JSON body is replaced, as sent and as JSON escaping '/' spells it", async () => {
  const slashKey = "monet_ab/cd+ef_SECRET_77";
  const handler = createMonetProxy({ apiKey: slashKey, baseUrl: upstream.url });
  upstream.answer((req, res) =>
    res
      .writeHead(401, { "content-type": "application/json" })
      .end(JSON.stringify({ error: { message: `Invalid key: ${req.headers.authorization}` } }).replace("}}", `,"php":"${slashKey.replaceAll("/", "\\/")}"}}`)),
  );
  const res = await handler(new Request("http://localhost/api/v1/tasks/list"));
  const text = await res.text();
  expect(res.status).toBe(401);
  expect(text).not.toContain("SECRET_77");
  expect(JSON.parse(text).error).toEqual({ message: "Invalid key: Bearer [redacted]", php: "[redacted]" });
});

test("the key in server-sent events is replaced however the chunks cut it, and an event is passed on before the next one is sent", async () => {
  let secondSent = false;
  upstream.answer((_req, res) => {
    res.writeHead(200, { "content-type": "text/event-stream" });
    res.write('event: created\ndata: {"id":"t"}\n\n');
    setTimeout(() => {
      secondSent = true;
      const event = `event: failed\ndata: {"message":"bad key ${KEY}"}\n\n`;
      const cut = event.indexOf("SECRET");
      res.write(event.slice(0, cut));
      setTimeout(() => res.end(event.slice(cut)), 100);
    }, 300);
  });
  const handler = createMonetProxy({ apiKey: KEY, baseUrl: upstream.url });
  const res = await handler(
    new Request("http://localhost/api/v1/tasks/sync", {
      method: "POST",
      headers: { "content-type": "application/json", accept: "text/event-stream" },
      body: "{}",
    }),
  );
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  const first = await reader.read();
  expect(first.value).toBe('event: created\ndata: {"id":"t"}\n\n');
  expect(secondSent).toBe(false);
  let rest = "";
  for (let r = await reader.read(); !r.done; r = await reader.read()) rest += r.value;
  expect(rest).toBe('event: failed\ndata: {"message":"bad key [redacted]"}\n\n');
});

test("a key split across two headers passes in neither", async () => {
  upstream.answer((_req, res) =>
    res.writeHead(200, { "content-type": "application/json", "x-request-id": KEY.slice(0, 16), "retry-after": KEY.slice(16) }).end("{}"),
  );
  const res = await list();
  expect(res.status).toBe(200);
  expect([res.headers["x-request-id"], res.headers["retry-after"]]).toEqual([undefined, undefined]);
  upstream.answer((_req, res) => res.writeHead(200, { "content-type": "application/json", "x-request-id": "req_123", "retry-after": "3" }).end("{}"));
  const ok = await list();
  expect([ok.headers["x-request-id"], ok.headers["retry-after"]]).toEqual(["req_123", "3"]);
});

// Audit s19-proxy F4: pieces of 7 characters, each under the key filter's 8, in three headers
// (the secret part fits in five) all reached the browser.
test("the key cut into short pieces over several headers does not get through: each header passes only in its own form", async () => {
  const pieces = KEY.match(/.{1,7}/g) as string[];
  upstream.answer((_req, res) =>
    res
      .writeHead(200, {
        "content-type": `application/json; charset=utf-8; x=${pieces[3]}`,
        "retry-after": pieces[0],
        "retry-after-ms": pieces[1],
        "cache-control": `private, max-age=1, ${pieces[2]}, no-cache="${pieces[4]}"`,
      })
      .end("{}"),
  );
  const res = await list();
  expect(res.status).toBe(200);
  for (const piece of pieces.slice(0, 5)) expect(res.raw).not.toContain(piece);
  expect(res.headers["retry-after"]).toBeUndefined();
  expect(res.headers["retry-after-ms"]).toBeUndefined();
  expect(res.headers["cache-control"]).toBe("private, max-age=1, no-cache");
  expect(res.headers["content-type"]).toBe("application/json; charset=utf-8");
});

test.each([
  ["retry-after", "120"],
  ["retry-after", "Fri, 27 Nov 2026 10:00:00 GMT"],
  ["retry-after-ms", "1500"],
  ["retry-after-ms", "250.5"],
])("a well-formed %s (%s) is passed on", async (name, value) => {
  upstream.answer((_req, res) => res.writeHead(429, { "content-type": "application/json", [name]: value }).end('{"error":{}}'));
  const res = await list();
  expect(res.headers[name]).toBe(value);
});
