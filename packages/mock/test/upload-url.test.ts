// Audit s22-front F5: an upload named "." or ".." got a URL ending in that dot segment, which
// every URL parser (fetch, a browser, curl) resolves away ("/__mock/files/<id>/.." is
// "/__mock/files/"), so the URL the mock handed out answered 404. The name stays the upload's
// (its `filename`, its Content-Disposition); only the URL's last, cosmetic segment changes.
import { afterAll, beforeAll, expect, test } from "vitest";
import { type MockServer, startMockServer } from "../src/index.js";

let mock: MockServer;
beforeAll(async () => {
  mock = await startMockServer({ port: 0 });
});
afterAll(() => mock.close());

test.each([".", "..", "...", "a..b.png"])("an upload named %j is served back from its url", async (name) => {
  const form = new FormData();
  form.append("file", new Blob(["bytes"], { type: "image/png" }), name);
  const res = await fetch(`${mock.url}/api/v1/files`, { method: "POST", body: form, headers: { authorization: "Bearer monet_dots" } });
  const up = (await res.json()) as { url: string; filename: string };
  expect(up.filename).toBe(name);
  const got = await fetch(up.url);
  expect([got.status, await got.text()]).toEqual([200, "bytes"]);
  expect(got.headers.get("content-disposition")).toContain(`filename*=UTF-8''${encodeURIComponent(name)}`);
});
