// Issue 22 (Mock, and the root page of `npm start`): HTTP semantics a client and a browser rely
// on. Unknown methods get 405 with Allow (from the spec's paths), CORS advertises only methods
// that exist, a wrong type names the type, and a person opening the mock's URL gets a page.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { spec, validator } from "../../../test/support/spec.ts";
import { type MockServer, startMockServer } from "../src/index.js";
import { json, request } from "./support/raw.js";

const auth = { authorization: "Bearer monet_http" };
let mock: MockServer;
beforeAll(async () => {
  mock = await startMockServer({ port: 0, taskDuration: 200 });
});
afterAll(() => mock.close());

/** The spec's methods per path, with a concrete id for the templated path. */
const specPaths = Object.entries(spec.paths as Record<string, Record<string, unknown>>).map(([p, ops]) => ({
  path: p.replace("{taskId}", "task_123"),
  methods: Object.keys(ops)
    .filter((k) => ["get", "post", "put", "patch", "delete"].includes(k))
    .map((m) => m.toUpperCase()),
}));

describe("405 with Allow on known paths", () => {
  test.each(specPaths)("$path: every other method gets 405 and Allow lists the spec's", async ({ path, methods }) => {
    for (const method of ["GET", "POST", "PUT", "PATCH", "DELETE"].filter((m) => !methods.includes(m))) {
      const r = await request(mock.port, method, path, auth);
      expect(r.status, `${method} ${path}`).toBe(405);
      const allow = r.headers.allow.split(/,\s*/);
      for (const m of methods) expect(allow).toContain(m);
      expect(allow).not.toContain(method);
      expect(validator("ErrorResponse")(json(r))).toBe(true);
    }
  });

  test("without a key too (the method can never work), and an unknown path stays 404", async () => {
    const r = await request(mock.port, "DELETE", "/api/v1/tasks/task_123", {});
    expect(r.status).toBe(405);
    expect(r.headers.allow).toMatch(/GET/);
    expect((await request(mock.port, "GET", "/api/v1/nothing", auth)).status).toBe(404);
  });

  test("control paths too: PUT /__mock/faults is 405 with Allow: GET, POST, DELETE", async () => {
    const r = await request(mock.port, "PUT", "/__mock/faults", { "content-type": "application/json" }, "{}");
    expect(r.status).toBe(405);
    expect(r.headers.allow).toMatch(/GET, POST, DELETE/);
  });
});

describe("CORS preflight on the API: exactly the path's methods from the spec, as its 405's Allow", () => {
  test.each(specPaths)("$path", async ({ path, methods }) => {
    const asked = methods.find((m) => m !== "GET") ?? methods[0];
    const r = await request(mock.port, "OPTIONS", path, { origin: "http://page.test", "access-control-request-method": asked });
    expect(r.status).toBe(204);
    const allowed = r.headers["access-control-allow-methods"].split(/,\s*/);
    // The spec's methods, HEAD where GET is (Node answers it as GET), OPTIONS: nothing else.
    expect(allowed.sort()).toEqual([...methods, ...(methods.includes("GET") ? ["HEAD"] : []), "OPTIONS"].sort());
    const other = ["GET", "POST", "PUT", "PATCH", "DELETE"].find((m) => !methods.includes(m))!;
    const refused = await request(mock.port, other, path, auth);
    expect(refused.headers.allow.split(/,\s*/).sort()).toEqual(allowed);
  });

  // Audit s22-front F2: a page's fetch that forgot `method: "POST"` (a GET with its Authorization,
  // so preflighted) failed its preflight: "Failed to fetch", never the 405 naming the method.
  test("a method the path lacks passes the preflight, so the page reads the 405 and its Allow", async () => {
    const pre = await request(mock.port, "OPTIONS", "/api/v1/tasks/async", {
      origin: "http://page.test",
      "access-control-request-method": "GET",
      "access-control-request-headers": "authorization",
    });
    expect([pre.status, pre.headers["access-control-allow-methods"]]).toEqual([204, "POST, OPTIONS, GET"]);
    const got = await request(mock.port, "GET", "/api/v1/tasks/async", { ...auth, origin: "http://page.test" });
    expect([got.status, got.headers.allow, got.headers["access-control-allow-origin"]]).toEqual([405, "POST, OPTIONS", "*"]);
  });

  test("an ordinary answer's allow-methods names only methods the spec has", async () => {
    const r = await request(mock.port, "GET", "/api/v1/tasks/list", auth);
    const everySpecMethod = new Set(specPaths.flatMap((p) => p.methods));
    for (const m of r.headers["access-control-allow-methods"].split(/,\s*/)) expect(everySpecMethod.has(m) || m === "HEAD" || m === "OPTIONS", m).toBe(true);
  });
});

describe("idempotency_key: the message says what is wrong", () => {
  const send = (key: unknown) =>
    request(
      mock.port,
      "POST",
      "/api/v1/tasks/async",
      { ...auth, "content-type": "application/json" },
      JSON.stringify({ type: "image", input: { model: "flux-2-dev", prompt: "x" }, ...(key === undefined ? {} : { idempotency_key: key }) }),
    );
  test.each([
    [123, /must be a string/],
    [null, /must be a string/],
    [["a"], /must be a string/],
    ["", /must not be empty/],
    [undefined, /is required/],
  ])("%j", async (key, message) => {
    const r = await send(key);
    expect(r.status).toBe(422);
    const d = json(r).error.details.find((x: { field: string }) => x.field === "idempotency_key");
    expect(d.message).toMatch(message);
  });
});

describe("the root URL", () => {
  const browser = { accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8" };

  test("a browser gets a small page: what this is, the key to use, the docs and the control API", async () => {
    const r = await request(mock.port, "GET", "/", browser);
    expect(r.status).toBe(200);
    expect(r.headers["content-type"]).toMatch(/^text\/html/);
    expect(r.headers["x-content-type-options"]).toBe("nosniff");
    expect(r.headers["content-security-policy"]).toMatch(/default-src 'none'/);
    expect(r.body).toMatch(/<title>[^<]*mock[^<]*<\/title>/i);
    expect(r.body).toMatch(/monet_/);
    expect(r.body).toContain('href="http://127.0.0.1:4000');
    expect(r.body).toContain('href="/__mock/health"');
    expect(r.body).toContain('href="/__mock/faults"');
    expect(r.body).not.toMatch(/<script/i);
  });

  test("the docs link follows the docsUrl option", async () => {
    const m = await startMockServer({ port: 0, docsUrl: "http://localhost:4100/" });
    try {
      expect((await request(m.port, "GET", "/", browser)).body).toContain('href="http://localhost:4100/"');
    } finally {
      await m.close();
    }
  });

  test("an API client (Accept: application/json, or */*) keeps the JSON answer", async () => {
    for (const accept of ["application/json", "*/*"]) {
      const r = await request(mock.port, "GET", "/", { accept });
      expect(r.headers["content-type"]).toMatch(/^application\/json/);
      expect(validator("ErrorResponse")(json(r))).toBe(true);
      expect(r.status).toBe(401);
    }
  });
});

describe("CORS of the API: any origin, as the README says, and the headers a page asks for", () => {
  const evil = { origin: "https://evil.example" };
  test("a preflight allows the request headers the page asks for (a client's defaultHeaders, trace headers)", async () => {
    const r = await request(mock.port, "OPTIONS", "/api/v1/tasks/list", {
      ...evil,
      "access-control-request-method": "GET",
      "access-control-request-headers": "authorization,x-app-version,traceparent",
    });
    expect(r.status).toBe(204);
    expect(r.headers["access-control-allow-headers"]).toBe("authorization,x-app-version,traceparent");
    expect(r.headers.vary).toBe("Access-Control-Request-Headers");
  });

  test.each([
    ["not header names", "x-ok, bad header"],
    ["a header name with a colon", "x-a:1"],
    ["longer than 2,000 characters", Array.from({ length: 400 }, (_, i) => `x-h${i}`).join(",")],
  ])("a request-headers list that is %s is not echoed: the fixed list answers", async (_name, asked) => {
    const r = await request(mock.port, "OPTIONS", "/api/v1/tasks/async", {
      ...evil,
      "access-control-request-method": "POST",
      "access-control-request-headers": asked,
    });
    expect(r.status).toBe(204);
    expect(r.headers["access-control-allow-headers"]).toBe("authorization, content-type, accept, cache-control, last-event-id, x-requested-with");
  });

  test("a non-loopback Origin may call the API (the README's choice), never the control API", async () => {
    const api = await request(mock.port, "GET", "/api/v1/tasks/list", { ...auth, ...evil });
    expect(api.status).toBe(200);
    expect(api.headers["access-control-allow-origin"]).toBe("*");
    expect(api.headers["access-control-allow-credentials"]).toBeUndefined();
    const control = await request(mock.port, "GET", "/__mock/tasks", { ...auth, ...evil });
    expect(control.status).toBe(403);
    expect(control.headers["access-control-allow-origin"]).toBeUndefined();
  });
});
