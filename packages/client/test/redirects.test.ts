// API calls do not follow redirects: a followed one sent the call's custom headers and body to
// another origin, turned a create into a GET whose foreign answer was taken as the task, and a
// loop was retried as a network failure (63 requests). A redirect is an APIError naming its
// status and its target's origin, never its path or query; it is not retried.
import { afterAll, beforeAll, expect, test } from "vitest";
import { type Hostile, json, startHostile } from "../../../test/support/hostile.js";
import { APIError, Monet } from "../src/index.js";

const KEY = "sk-live-REDIRECT-SECRET-1";
const params = { type: "image", input: { model: "flux-2-dev", prompt: "a lighthouse" } } as const;
const task = (id: string) => ({ id, status: "pending", type: "image", outputs: [], created_at: "2026-01-01T00:00:00Z", updated_at: "2026-01-01T00:00:00Z" });

let other: Hostile;
let api: Hostile;
/** Where the API points each request: set per test. */
let location = "";
let status = 302;

beforeAll(async () => {
  other = await startHostile((_req, res) => json(res, 200, task("task_evil1")));
  api = await startHostile((_req, res) => {
    res.writeHead(status, { location, "content-type": "text/plain" });
    res.end("moved");
  });
});
afterAll(async () => {
  await api.close();
  await other.close();
});

for (const s of [301, 302, 303, 307, 308])
  test(`a create answered ${s} to another origin: an APIError naming ${s} and that origin, nothing sent there, not retried`, async () => {
    status = s;
    // The key in the target's path and query, as a server that copies the Authorization header would put it.
    location = `${other.url}/echo/${KEY}?k=${KEY}`;
    const before = api.seen.length;
    const monet = new Monet({ apiKey: KEY, baseUrl: api.url, defaultHeaders: { "x-gateway-token": "GW-SECRET" }, retry: { delay: () => 0 } });
    const e = await monet.tasks.create(params).catch((e) => e);
    expect(e).toBeInstanceOf(APIError);
    expect(e.status).toBe(s);
    expect(e.message).toMatch(
      new RegExp(`^POST /api/v1/tasks/async was answered with a redirect \\(HTTP ${s}\\) to ${other.url}: API calls do not follow redirects`),
    );
    expect(e.message).not.toContain(KEY);
    expect(e.message).not.toContain("/echo");
    expect(other.seen).toEqual([]);
    expect(api.seen.length - before).toBe(1);
    // The key of the create, which the answer did not make (lost-create.test.ts).
    expect(e.idempotencyKey).toBe(JSON.parse(api.seen.at(-1)!.body).idempotency_key);
    expect(e.message).not.toContain("may have been created");
  });

test("a redirect to itself (a loop) is one request and one APIError, not 63 retried ones", async () => {
  status = 302;
  location = "/api/v1/tasks/task_a";
  const before = api.seen.length;
  const monet = new Monet({ apiKey: KEY, baseUrl: api.url, retry: { delay: () => 0 } });
  const e = await monet.tasks.get("task_a").catch((e) => e);
  expect(e).toBeInstanceOf(APIError);
  expect(e.message).toContain(`to another path of the same origin, ${api.url}`);
  expect(api.seen.length - before).toBe(1);
});

test("a redirect to an address that is not http(s), or not a URL, is named as such", async () => {
  status = 307;
  const monet = new Monet({ apiKey: KEY, baseUrl: api.url });
  location = `file:///etc/${KEY}`;
  await expect(monet.tasks.get("task_a")).rejects.toThrow(/redirect \(HTTP 307\) to a file: address: /);
  location = "http://[::1";
  await expect(monet.tasks.get("task_a")).rejects.toThrow(/redirect \(HTTP 307\) to an address that is not a URL: /);
});

test("API calls ask fetch not to follow; a browser's opaque redirect (status 0, no Location) is the same APIError", async () => {
  const inits: RequestInit[] = [];
  // What a browser's fetch hands back for a manual redirect: its status and target hidden.
  const opaque = () => {
    const res = new Response(null);
    Object.defineProperties(res, { type: { value: "opaqueredirect" }, status: { value: 0 }, ok: { value: false } });
    return res;
  };
  const monet = new Monet({
    apiKey: KEY,
    baseUrl: "https://api.example",
    fetch: async (_url, init) => {
      inits.push(init as RequestInit);
      return opaque();
    },
  });
  const e = await monet.tasks.get("task_a").catch((e) => e);
  expect(e).toBeInstanceOf(APIError);
  expect(e.status).toBeUndefined();
  expect(e.message).toMatch(/^GET \/api\/v1\/tasks\/task_a was answered with a redirect to an address the browser hides: /);
  expect(inits).toHaveLength(1);
  expect(inits[0].redirect).toBe("manual");
});

// Audit s17-recheck N8: a create answered by a browser's opaque redirect said "The task may have
// been created", where Node's 302 did not: a redirect created nothing, whatever its status shows.
test("a create answered by a redirect says the same in a browser (opaque, status 0) and in Node (302): its key, and no 'may have been created'", async () => {
  const opaque = () => {
    const res = new Response(null);
    Object.defineProperties(res, { type: { value: "opaqueredirect" }, status: { value: 0 }, ok: { value: false } });
    return res;
  };
  const params = { type: "image", input: { model: "flux-2-dev", prompt: "a cat" } } as const;
  const answers = [opaque, () => new Response(null, { status: 302, headers: { location: "https://elsewhere.example/" } })];
  for (const answer of answers) {
    const bodies: string[] = [];
    const monet = new Monet({
      apiKey: KEY,
      baseUrl: "https://api.example",
      fetch: async (_url, init) => {
        bodies.push(String(init?.body));
        return answer();
      },
    });
    const e = await monet.tasks.create(params).catch((e) => e);
    expect(e).toBeInstanceOf(APIError);
    expect(e.idempotencyKey).toBe(JSON.parse(bodies[0] ?? "").idempotency_key);
    expect(e.message).not.toContain("may have been created");
    expect(bodies).toHaveLength(1);
  }
});
