// Audit s17-client H1: a server that redirects to a URL holding the key (copied from the
// Authorization header it received), then answers 404 as a web page or as text, got the key into
// the NotFoundError's message: it quoted where the redirect ended. It now names where the call
// was sent (the client's baseUrl and the call's path, without its query), on both builds. The
// client no longer follows redirects itself (redirects.test.ts); an app's own `fetch` may still
// (a wrapper that sets its own `redirect`), which these tests use.
import { createRequire } from "node:module";
import util from "node:util";
import { afterEach, describe, expect, test } from "vitest";
import { type Hostile, startHostile } from "../../../test/support/hostile.js";
import * as esm from "../dist/index.js";

const cjs = createRequire(import.meta.url)("../dist/index.cjs") as typeof esm;
const KEY = "monet_sk_live_REDIRECT_ME_77";

let server: Hostile | undefined;
afterEach(() => server?.close());

// Every form an app or its error tracker prints.
const forms = (e: unknown) => [String(e), (e as Error).message, (e as Error).stack ?? "", JSON.stringify(e), util.inspect(e, { depth: 10, showHidden: true })];

const redirectingTo404 = (type: string, body: string) =>
  startHostile((req, res, s) => {
    const key = s.authorization.slice("Bearer ".length);
    if (req.url?.startsWith("/api/")) return void res.writeHead(302, { location: `/echo/${key}?k=${key}&sig=s3cr3t` }).end();
    res.writeHead(404, { "content-type": type }).end(body);
  });

describe.each([
  ["ESM", esm],
  ["CommonJS", cjs],
])("the %s build", (_build, { Monet, NotFoundError }) => {
  test.each([
    ["an HTML page", "text/html", "<html><title>Not here</title></html>"],
    ["plain text", "text/plain", "Not Found"],
  ])("a redirect to a URL holding the key, answered 404 as %s: the error names the URL sent, not the key", async (_what, type, body) => {
    server = await redirectingTo404(type, body);
    const url = server.url;
    // An app's fetch wrapper that follows redirects whatever the client asks.
    const following: typeof fetch = (input, init) => fetch(input, { ...init, redirect: "follow" });
    const monet = new Monet({ apiKey: KEY, baseUrl: url, maxRetries: 0, fetch: following });
    for (const [call, sent] of [
      [() => monet.tasks.get("task_1"), `${url}/api/v1/tasks/task_1`],
      // The list's query (page, page size) is left out too: only the path is named.
      [async () => monet.tasks.list({ page: 2 }), `${url}/api/v1/tasks/list`],
    ] as const) {
      const err = await call().then(
        () => expect.unreachable("the call should fail"),
        (e: Error) => e,
      );
      expect(err).toBeInstanceOf(NotFoundError);
      expect(err.message).toContain(`HTTP 404 from ${sent}: that server answered`);
      for (const f of forms(err)) {
        expect(f).not.toContain(KEY);
        expect(f).not.toContain("/echo/");
        expect(f).not.toContain("s3cr3t");
        expect(f).not.toContain("?page");
      }
    }
    // The server did have the key to echo.
    expect(server.seen.some((s) => s.path.startsWith(`/echo/${KEY}`))).toBe(true);
  });
});
