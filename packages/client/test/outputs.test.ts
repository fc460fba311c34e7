// outputs() (any runtime) against a hostile file server on loopback and the real mock: the same
// URL, redirect and size rules as saveOutput, and a media type only from the allowed list.

import { startMockServer } from "@monet-ai/mock";
import { afterAll, beforeAll, expect, test, vi } from "vitest";
import { Monet } from "../src/index.js";
import { DEFAULT_MAX_BYTES, OutputError, outputs } from "../src/outputs.js";
import { PNG, startFileServer } from "./hostile-files.js";

let server: Awaited<ReturnType<typeof startFileServer>>;
beforeAll(async () => {
  server = await startFileServer();
  // As a user of a local mock: MONET_BASE_URL is the API the standalone calls hold to, so outputs on
  // loopback are fetched (output-url.test.ts attacks the same calls with a public API).
  vi.stubEnv("MONET_BASE_URL", server.url);
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await server?.close();
});

const fail = (p: Promise<unknown>) =>
  p.then(
    () => expect.fail("should have been refused"),
    (e) => e,
  );
const threw = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return e as OutputError;
  }
  return expect.fail("should have thrown");
};
const one = (url: string) => ({ outputs: [{ model: "flux-2-dev", status: "success" as const, url }] });
const bytes = async (b: Blob) => Buffer.from(await b.arrayBuffer());
/** A fetch that records what it was asked, for hosts the test cannot reach. */
function recordingFetch() {
  const asked: string[] = [];
  const f = (async (url: string) => {
    asked.push(String(url));
    return new Response(PNG, { headers: { "content-type": "image/png" } });
  }) as unknown as typeof fetch;
  return { asked, f };
}

test("an output as a Blob typed with its media type, or as a stream with its type and size", async () => {
  const [out] = outputs(one(`${server.url}/files/ok.png`));
  expect(out).toMatchObject({ url: `${server.url}/files/ok.png`, index: 0, model: "flux-2-dev" });
  const blob = await out.blob();
  expect(blob.type).toBe("image/png");
  expect((await bytes(blob)).equals(PNG)).toBe(true);
  const s = await out.stream();
  expect({ type: s.type, size: s.size }).toEqual({ type: "image/png", size: PNG.length });
  expect((await bytes(await new Response(s.body).blob())).equals(PNG)).toBe(true);
});

test("outputs without a URL are skipped; each keeps its index in task.outputs", () => {
  const list = outputs({
    outputs: [
      { model: "m", status: "failed" },
      { model: "m", status: "success", url: `${server.url}/files/ok.png` },
    ],
  });
  expect(list.map((o) => o.index)).toEqual([1]);
  expect(outputs({})).toEqual([]);
});

test.each([
  "file:///etc/hostname",
  "data:text/html,<script>alert(1)</script>",
  "ftp://127.0.0.1/x.png",
  "javascript:alert(1)",
  "blob:https://a/b",
  "/relative.png",
  "http://files.example.com/a.png",
  "https://u:p@files.example.com/a.png",
])("refuses %s when the list is made, before anything is fetched", (url) => {
  const { asked, f } = recordingFetch();
  const e = threw(() => outputs(one(url), { fetch: f }));
  expect(e).toBeInstanceOf(OutputError);
  expect(e.name).toBe("OutputError");
  expect(e.code).toBe("unsafe_url");
  expect(e.message).toMatch(/^refused /);
  expect(asked).toEqual([]);
});

test("http: on an allowed origin (the client's baseUrl), https: to a public host", async () => {
  const { asked, f } = recordingFetch();
  await outputs(one("http://mock.internal:4020/a.png"), { fetch: f, allowOrigins: ["http://mock.internal:4020/api"] })[0].blob();
  await outputs(one("https://files.example.com/b.png"), { fetch: f })[0].blob();
  expect(asked).toEqual(["http://mock.internal:4020/a.png", "https://files.example.com/b.png"]);
});

test("redirects are followed by hand, each hop checked: never to file:, data: or plain http: elsewhere", async () => {
  const [ok] = outputs(one(`${server.url}/files/redirect?to=/files/ok.png`));
  expect((await ok.blob()).type).toBe("image/png");
  for (const to of ["file:///etc/passwd", "data:text/html,<script>alert(1)</script>", "http://files.example.com/x.png"]) {
    const e = await fail(outputs(one(`${server.url}/files/redirect?to=${encodeURIComponent(to)}`))[0].blob());
    expect(e).toBeInstanceOf(OutputError);
    expect(e.code).toBe("unsafe_url");
    expect(e.message).toMatch(/^redirect from http:\/\/127\.0\.0\.1:\d+\/files\/redirect.*: refused/);
  }
  expect((await fail(outputs(one(`${server.url}/files/loop`))[0].stream())).message).toMatch(/more than 5 redirects/);
});

test("an endless body stops at maxBytes, as a Blob and as a stream", async () => {
  const [out] = outputs(one(`${server.url}/files/endless`), { maxBytes: 1_000_000 });
  const e = await fail(out.blob());
  expect(e).toMatchObject({ name: "OutputError", code: "too_large" });
  expect(e.message).toMatch(/more than 1000000 bytes/);
  // A reader of the stream gets the same error once the count passes the cap (here a per-call cap).
  const s = await out.stream({ maxBytes: 200_000 });
  const read = new Response(s.body).arrayBuffer();
  expect(await fail(read)).toMatchObject({ code: "too_large" });
});

test("a declared content-length over the default cap (2 GiB) is refused before the body is read", async () => {
  expect(DEFAULT_MAX_BYTES).toBe(2 * 1024 ** 3);
  const e = await fail(outputs(one(`${server.url}/files/huge`))[0].stream());
  expect(e.code).toBe("too_large");
  expect(e.message).toMatch(/declares 8589934592 bytes, more than 2147483648/);
});

test.each([
  ["text/html", "application/octet-stream"],
  ["image/svg+xml", "application/octet-stream"],
  ["application/javascript", "application/octet-stream"],
  ["image/png, text/html", "application/octet-stream"],
  ["", "application/octet-stream"],
  ["IMAGE/PNG; charset=utf-8", "image/png"],
])("a body served as %j gets the type %j (only types on the list pass)", async (declared, type) => {
  const [out] = outputs(one(`${server.url}/files/page.png?type=${encodeURIComponent(declared)}`));
  expect((await out.blob()).type).toBe(type);
  expect((await out.stream()).type).toBe(type);
});

test("an HTTP error is refused with its status; a bad maxBytes before anything is fetched", async () => {
  expect((await fail(outputs(one(`${server.url}/files/missing`))[0].blob())).message).toMatch(/HTTP 404/);
  const { asked, f } = recordingFetch();
  expect(() => outputs(one(`${server.url}/files/ok.png`), { maxBytes: -1, fetch: f })).toThrow(/maxBytes must be a whole number of bytes above 0 \(got -1\)/);
  expect(asked).toEqual([]);
});

test("a real task's output from the mock, with no API key or cookie sent to the file's server", async () => {
  const mock = await startMockServer({ port: 0, taskDuration: 100 });
  try {
    const monet = new Monet({ apiKey: "monet_outputs_test", baseUrl: mock.url });
    const task = await monet.tasks.run({ type: "image", input: { model: "flux-2-dev", prompt: "a kite" } }, { pollInterval: 50 });
    const [out] = outputs(task, { allowOrigins: [monet.baseUrl] });
    const blob = await out.blob();
    expect(blob.type).toBe("image/png");
    expect((await bytes(blob)).subarray(1, 4).toString()).toBe("PNG");
  } finally {
    await mock.close();
  }
  const before = server.seen.length;
  await outputs(one(`${server.url}/files/ok.png`))[0].blob();
  expect(server.seen.length).toBe(before + 1);
  expect(server.seen.at(-1)).not.toHaveProperty("authorization");
  expect(server.seen.at(-1)).not.toHaveProperty("cookie");
});
