// A wrong base URL fails in the constructor, naming the value and what is allowed, with no
// request sent (a loopback server counts them); MONET_BASE_URL is read the same way.
import { afterEach, expect, test } from "vitest";
import { InputValidationError, Monet, MonetError } from "../dist/index.js";
import { type Hostile, json, startHostile } from "./hostile.js";

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
