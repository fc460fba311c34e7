// An origin listed in `cors` without `credentials` calls without the user's cookies (s14 proxy
// audit L4: its cookie-bearing upload and GET were forwarded, admitted by `authorize` on the
// session, while the browser only hid the answers). The standard handler, with a fetch that
// records what would reach Monet.
import { expect, test } from "vitest";
import { createMonetProxy } from "../src/index.js";

const PAGE = "http://page.test";
const sent: string[] = [];
const authorized: string[] = [];
const make = (credentials: boolean) =>
  createMonetProxy({
    apiKey: "monet_credentials_1",
    baseUrl: "http://monet.test",
    cors: { origin: PAGE, credentials },
    authorize: (req) => {
      authorized.push(req.headers.get("cookie") ?? "");
      return true;
    },
    fetch: async (input) => {
      sent.push(String(input));
      return new Response(JSON.stringify({ tasks: [], page: 1, pageSize: 20, total: 0 }), { headers: { "content-type": "application/json" } });
    },
  });
const fromPage = (cookie?: string) =>
  new Request("http://api.test/api/monet/api/v1/tasks/list", {
    headers: { origin: PAGE, "sec-fetch-site": "cross-site", ...(cookie ? { cookie } : {}) },
  });

test("a listed origin without credentials that sends cookies is refused before authorize, and nothing reaches Monet", async () => {
  sent.length = authorized.length = 0;
  const res = await make(false)(fromPage("session=alice"));
  expect(res.status).toBe(403);
  expect(((await res.json()) as { error: { code: string } }).error.code).toBe("credentials_not_allowed");
  expect(authorized).toEqual([]);
  expect(sent).toEqual([]);
});

test("the same origin without cookies is forwarded; with credentials: true, its cookies reach authorize (never Monet)", async () => {
  sent.length = authorized.length = 0;
  expect((await make(false)(fromPage())).status).toBe(200);
  expect((await make(true)(fromPage("session=alice"))).status).toBe(200);
  expect(authorized).toEqual(["", "session=alice"]);
  expect(sent).toHaveLength(2);
});
