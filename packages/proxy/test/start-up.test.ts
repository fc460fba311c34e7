// What createMonetProxy refuses when it is made, before any request (s14 proxy audit L8: a
// baseUrl that is not a URL answered 502 "could not be reached" to every request).
import { afterEach, expect, test } from "vitest";
import { createMonetProxy } from "../src/index.js";

const KEY = "monet_start_up_1";
afterEach(() => {
  delete process.env.MONET_BASE_URL;
});

test.each(["not a url", "127.0.0.1:4020", "ftp://monet.test", "https://user:pw@monet.test", "https://monet.test/?x=1", "https://monet.test/#top"])(
  "baseUrl %j is refused at start-up, naming it",
  (baseUrl) => {
    expect(() => createMonetProxy({ apiKey: KEY, baseUrl })).toThrow(/The Monet proxy's baseUrl must be an http\(s\) URL such as https:\/\/monet\.vision/);
  },
);

test("MONET_BASE_URL is named when the bad value came from it", () => {
  process.env.MONET_BASE_URL = "localhost:4020";
  expect(() => createMonetProxy({ apiKey: KEY })).toThrow(/MONET_BASE_URL must be an http\(s\) URL.*"localhost:4020"/);
});

test("a base with a path and trailing slashes is forwarded below that path", async () => {
  const sent: string[] = [];
  const proxy = createMonetProxy({
    apiKey: KEY,
    baseUrl: "https://gateway.test/monet//",
    fetch: async (input) => {
      sent.push(String(input));
      return new Response("{}", { headers: { "content-type": "application/json" } });
    },
  });
  await proxy(new Request("http://localhost/api/monet/api/v1/tasks/list"));
  expect(sent).toEqual(["https://gateway.test/monet/api/v1/tasks/list"]);
});

// s14 proxy audit L3: "*" allowed nothing, silently; a page's every call was then 403 cross_origin.
test.each([["*"], [["https://app.test", "*"]]])("cors.origin %j is refused at start-up, saying what to write", (origin) => {
  expect(() => createMonetProxy({ apiKey: KEY, baseUrl: "http://127.0.0.1:4020", cors: { origin } })).toThrow(
    /cors\.origin "\*" is not a wildcard: list the origins/,
  );
});
