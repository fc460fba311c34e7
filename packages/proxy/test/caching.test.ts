// Answers made for one signed-in user are not for a shared cache (audit s14-proxy L5): Monet's
// `Cache-Control: public` was passed on, and nothing said the answer depends on the cookie
// `authorize` read, so a CDN in front of the app could serve it to anyone, past `authorize`.
import { afterAll, beforeAll, expect, test } from "vitest";
import { createMonetProxy } from "../src/index.js";
import { hostileUpstream } from "./support/hostile.ts";

const KEY = "monet_caching_SECRET_6060";
let upstream: Awaited<ReturnType<typeof hostileUpstream>>;
beforeAll(async () => {
  upstream = await hostileUpstream();
});
afterAll(() => upstream?.close());

const signedIn = (options: Parameters<typeof createMonetProxy>[0] = {}) =>
  createMonetProxy({ apiKey: KEY, baseUrl: upstream.url, authorize: (req) => req.headers.get("cookie") === "sid=alice", ...options });
const vary = (res: Response) => (res.headers.get("vary") ?? "").split(",").map((v) => v.trim().toLowerCase());

test.each([
  ["public, max-age=86400", "private, max-age=86400"],
  ["public, s-maxage=600, max-age=60, proxy-revalidate", "private, max-age=60"],
  ["max-age=60", "private, max-age=60"],
  [undefined, "private"],
  ["no-store", "no-store"],
  ["private, no-cache", "private, no-cache"],
])("Monet's Cache-Control %s reaches the browser as %s, varying on Cookie and Authorization", async (sent, want) => {
  upstream.answer((_req, res) =>
    res.writeHead(200, { "content-type": "application/json", vary: "Authorization", ...(sent ? { "cache-control": sent } : {}) }).end('{"tasks":[]}'),
  );
  const res = await signedIn()(new Request("http://app.example/api/v1/tasks/list", { headers: { cookie: "sid=alice" } }));
  expect(res.status).toBe(200);
  expect(res.headers.get("cache-control")).toBe(want);
  expect(vary(res)).toEqual(expect.arrayContaining(["cookie", "authorization", "origin"]));
});

test("an answer to a listed origin keeps Vary: Cookie and Authorization besides Origin, and stays private", async () => {
  upstream.answer((_req, res) => res.writeHead(200, { "content-type": "application/json", "cache-control": "public, max-age=86400" }).end("{}"));
  const res = await signedIn({ cors: { origin: "https://app.example", credentials: true } })(
    new Request("http://api.example/api/v1/tasks/list", { headers: { cookie: "sid=alice", origin: "https://app.example", "sec-fetch-site": "same-site" } }),
  );
  expect([res.status, res.headers.get("access-control-allow-origin")]).toEqual([200, "https://app.example"]);
  expect(res.headers.get("cache-control")).toBe("private, max-age=86400");
  expect(vary(res)).toEqual(expect.arrayContaining(["cookie", "authorization", "origin"]));
});
