// A path parameter the proxy forwards is one plain segment that meets the spec's rule for it, and
// nothing a server behind the API could read as another path (s14 proxy audit L2: `..;`, a NUL,
// full-width dots and slashes, and double-encoded `..` were forwarded as getTask). Each request
// goes to the standard handler, with a fetch that records what would reach Monet.
import { expect, test } from "vitest";
import { createMonetProxy } from "../src/index.js";

const sent: string[] = [];
const proxy = createMonetProxy({
  apiKey: "monet_path_segments_1",
  baseUrl: "http://monet.test",
  fetch: async (input) => {
    sent.push(String(input));
    return new Response(JSON.stringify({ id: "task_1", status: "pending", type: "image", created_at: "2026-01-01T00:00:00Z" }), {
      headers: { "content-type": "application/json" },
    });
  },
});
const get = (segment: string) => proxy(new Request(`http://localhost/api/monet/api/v1/tasks/${segment}`));

test.each([
  ["..;", "a path parameter Tomcat and Spring read as .."],
  ["..%3b", "the same, encoded"],
  ["..%00", "a NUL: the spec's taskId pattern forbids control characters"],
  ["%00", "a NUL alone"],
  ["%EF%BC%8E%EF%BC%8E", "full-width dots, which NFKC folds into .."],
  ["..%EF%BC%8Fadmin", "a full-width slash"],
  ["%252e%252e", "double-encoded .., for a server that decodes twice"],
  ["%252f..%252fadmin", "a double-encoded slash"],
])("%s (%s) is not forwarded", async (segment) => {
  sent.length = 0;
  const res = await get(segment);
  expect(res.status).toBe(404);
  expect(sent).toEqual([]);
});

test.each(["task_abc123", "T-42.v2", "abc~1"])("a plain id such as %s is forwarded as it came", async (id) => {
  sent.length = 0;
  const res = await get(id);
  expect(res.status).toBe(200);
  expect(sent).toEqual([`http://monet.test/api/v1/tasks/${id}`]);
});
