// A wrong base URL fails in the constructor, naming the value and what is allowed, with no
// request sent (a loopback server counts them); MONET_BASE_URL is read the same way.
import util from "node:util";
import { afterEach, expect, test } from "vitest";
import { type Hostile, json, startHostile } from "../../../test/support/hostile.js";
import { InputValidationError, Monet, MonetError } from "../dist/index.js";

let server: Hostile | undefined;
afterEach(() => server?.close());

const refusal = (make: () => unknown) => {
  try {
    make();
  } catch (e) {
    return e as Error;
  }
  throw new Error("the constructor accepted it");
};

test.each([
  "127.0.0.1:4030",
  "localhost:4030",
  "ftp://x",
  "file:///etc/passwd",
  "http://",
  "monet.vision",
  "javascript:alert(1)",
  " https://monet.vision",
  "/api/monet",
])("baseUrl %j is refused by the constructor, naming it and what is allowed", (baseUrl) => {
  const err = refusal(() => new Monet({ apiKey: "monet_test", baseUrl }));
  expect(err).toBeInstanceOf(InputValidationError);
  expect(err.message).toContain(JSON.stringify(baseUrl));
  // Named as the caller wrote it (not MONET_BASE_URL, which was not read), with a URL to write.
  expect(err.message).toMatch(/^Invalid input: baseUrl must be an http\(s\) URL such as http:\/\//);
  expect(err.message).not.toContain("MONET_BASE_URL");
});

test.each(["http://127.0.0.1:4030/api/v1", "http://127.0.0.1:4030/api/v1/", "https://proxy.example/monet/api/v1"])(
  "baseUrl %j (openai's habit: baseURL ends in /v1) is refused, naming the address to write",
  (baseUrl) => {
    const err = refusal(() => new Monet({ apiKey: "monet_test", baseUrl }));
    expect(err).toBeInstanceOf(InputValidationError);
    const meant = baseUrl.replace(/\/api\/v1\/?$/, "");
    expect(err.message).toBe(`Invalid input: baseUrl must be the address without /api/v1: ${meant} (got ${JSON.stringify(baseUrl)})`);
  },
);

// Audit s17-client L3: these passed the constructor, then every call failed (credentials: a
// connection error retried, quoting the password twice) or went to the wrong path (each call's
// path appended after the query), the secret in every message.
test.each([
  ["a user and password", "http://user:hunter2@127.0.0.1:9/"],
  ["a password alone", "http://:hunter2@127.0.0.1:9"],
  ["a query", "http://127.0.0.1:9/?token=hunter2"],
  ["an empty query", "http://127.0.0.1:9/hunter2?"],
  ["a fragment", "https://proxy.example/monet#hunter2"],
])("baseUrl with %s is refused by the constructor, naming baseUrl and what is allowed, never quoting it", async (_what, baseUrl) => {
  const listening = await startHostile((_req, res) => json(res, 200, {}));
  server = listening;
  const err = refusal(() => new Monet({ apiKey: "monet_test", baseUrl: baseUrl.replace("127.0.0.1:9", listening.url.slice("http://".length)) }));
  expect(err).toBeInstanceOf(InputValidationError);
  expect(err.message).toMatch(/^Invalid input: baseUrl must be an http\(s\) URL without user:password@, \?query or #fragment/);
  for (const f of [String(err), err.message, err.stack ?? "", JSON.stringify(err), util.inspect(err, { depth: 10, showHidden: true })])
    expect(f).not.toContain("hunter2");
  expect(server.seen).toHaveLength(0);
});

test("an @ in the path is not a user: a proxy's path may hold one", () => {
  expect(new Monet({ apiKey: "monet_test", baseUrl: "http://127.0.0.1:9/@monet/api" }).baseUrl).toBe("http://127.0.0.1:9/@monet/api");
});

test("a host and port without a scheme is answered with the URL it most likely means", () => {
  expect(refusal(() => new Monet({ apiKey: "monet_test", baseUrl: "127.0.0.1:4030" })).message).toContain("such as http://127.0.0.1:4030 ");
});

test("the same from MONET_BASE_URL; an empty MONET_BASE_URL means the default", () => {
  const saved = process.env.MONET_BASE_URL;
  try {
    process.env.MONET_BASE_URL = "127.0.0.1:4030";
    const err = refusal(() => new Monet({ apiKey: "monet_test" }));
    expect(err).toBeInstanceOf(InputValidationError);
    expect(err.message).toMatch(/MONET_BASE_URL must be/);
    expect(err.message).toContain('"127.0.0.1:4030"');
    process.env.MONET_BASE_URL = "";
    expect(new Monet({ apiKey: "monet_test" }).baseUrl).toBe("https://monet.vision");
  } finally {
    if (saved === undefined) delete process.env.MONET_BASE_URL;
    else process.env.MONET_BASE_URL = saved;
  }
});

test("a valid base URL (a path prefix included) is used as given, and nothing is sent before a call", async () => {
  server = await startHostile((_req, res) => json(res, 200, { tasks: [], page: 1, pageSize: 20, total: 0 }));
  process.env.MONET_BASE_URL = `${server.url}/prefix/`;
  try {
    const monet = new Monet({ apiKey: "monet_test" });
    expect(server.seen).toHaveLength(0);
    await monet.tasks.list();
    // list() without a page asks for the API's first page (its default), so no query is sent.
    expect(server.seen.map((s) => s.path)).toEqual(["/prefix/api/v1/tasks/list"]);
  } finally {
    delete process.env.MONET_BASE_URL;
  }
});

test("in a browser page, a path is allowed (resolved against the page)", () => {
  const g = globalThis as { location?: unknown };
  g.location = { href: "https://app.example/some/page" };
  try {
    expect(() => new Monet({ apiKey: null, baseUrl: "/api/monet" })).not.toThrow();
    expect(refusal(() => new Monet({ apiKey: null, baseUrl: "127.0.0.1:4030" }))).toBeInstanceOf(MonetError);
  } finally {
    delete g.location;
  }
});
