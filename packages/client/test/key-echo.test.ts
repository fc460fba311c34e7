// The API key never reaches what the client surfaces, even from a server that echoes the
// Authorization header everywhere it can (JSON and text bodies, headers, a redirect URL, task
// data, server-sent events), and a key that undici would quote is refused before any request.
// Runs against the built package, as users get it.
import util from "node:util";
import { afterEach, describe, expect, test } from "vitest";
import { type Hostile, json, startHostile } from "../../../test/support/hostile.js";
import { Monet, MonetError } from "../dist/index.js";

const KEY = "monet_sk_live_ECHO_ME_9f3a";
let server: Hostile | undefined;
afterEach(() => server?.close());

// Every form a caller or a log aggregator could print.
const forms = (e: unknown) => [
  String(e),
  (e as Error).message,
  JSON.stringify(e),
  util.inspect(e, { depth: 10 }),
  util.inspect(e, { depth: 10, showHidden: true }),
];
const leaks = (s: string) => s.includes(KEY) || s.includes("ECHO_ME");

async function attack(answer: Parameters<typeof startHostile>[0], call: (m: Monet) => Promise<unknown>) {
  server = await startHostile(answer);
  const lines: string[] = [];
  const monet = new Monet({ apiKey: KEY, baseUrl: server.url, maxRetries: 1, logLevel: "debug", logger: { debug: (m) => lines.push(m) } });
  const err = await call(monet).then(
    () => expect.unreachable("the call should fail"),
    (e) => e,
  );
  expect(err).toBeInstanceOf(MonetError);
  // The server did receive the key (so it really had it to echo).
  expect(server.seen.some((s) => s.authorization === `Bearer ${KEY}`)).toBe(true);
  for (const f of forms(err)) expect(leaks(f), f).toBe(false);
  expect(lines.length).toBeGreaterThan(0);
  for (const l of lines) expect(leaks(l), l).toBe(false);
  return { err, lines };
}

const create = (m: Monet) => m.tasks.create({ type: "image", input: { model: "flux-2-dev", prompt: "a cat" } });
const task = (id: string, extra: object = {}) => ({ id, type: "image", status: "pending", created_at: "2026-01-01T00:00:00Z", ...extra });

describe("a server that echoes the key", () => {
  test("in a JSON error body (message, code, details) and in headers", async () => {
    const { err } = await attack((_req, res, s) => {
      const a = s.authorization;
      json(
        res,
        422,
        { error: { code: a, message: `key ${a} is bad`, details: [{ field: a, message: a, extra: { deep: [a] } }] } },
        { "x-request-id": a, "x-echo": a },
      );
    }, create);
    expect(err.status).toBe(422);
    expect(err.message).toContain("[redacted]");
  });

  test("in a JSON body that spells the key with \\u escapes", async () => {
    await attack((_req, res, s) => {
      const escaped = [...s.authorization].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`).join("");
      json(res, 400, `{"error":{"code":"bad","message":"${escaped}"}}`);
    }, create);
  });

  test("in a text body, retried then given up (5xx), and in a 200 that is not JSON", async () => {
    await attack((_req, res, s) => {
      res.writeHead(503, { "content-type": "text/plain", "x-request-id": s.authorization });
      res.end(`upstream rejected ${s.authorization}`);
    }, create);
    await server?.close();
    const { err } = await attack(
      (_req, res, s) => {
        res.writeHead(200, { "content-type": "text/html" });
        res.end(`<p>${s.authorization}</p>`);
      },
      (m) => m.tasks.get("task_1"),
    );
    expect(err.message).toMatch(/answered like a web page/);
  });

  test("in a redirect URL that is not a URL (API calls do not follow redirects: an APIError that quotes none of it)", async () => {
    const { err } = await attack(
      (_req, res, s) => {
        res.writeHead(302, { location: `http://[${s.authorization}` });
        res.end();
      },
      (m) => m.tasks.get("task_1"),
    );
    expect(err.name).toBe("APIError");
    expect(err.message).toContain("redirect (HTTP 302) to an address that is not a URL");
  });

  test("in a redirect URL's host, path and query (only the origin is named, and redacted)", async () => {
    const { err } = await attack(
      (_req, res, s) => {
        const key = s.authorization.slice("Bearer ".length);
        res.writeHead(307, { location: `http://${key}.example/echo/${key}?k=${key}` });
        res.end();
      },
      (m) => m.tasks.get("task_1"),
    );
    // The key goes, and no more: the host's ".example" stays.
    expect(err.message).toContain("redirect (HTTP 307) to http://[redacted].example: ");
  });

  test("in a task id it returns (then in the path polled, the log line and the 404 for it)", async () => {
    await attack(
      (req, res, s) => {
        if (req.method === "POST") return json(res, 200, task(s.authorization.slice("Bearer ".length)));
        json(res, 404, { error: { code: "not_found", message: `no task ${decodeURIComponent(req.url ?? "")}` } });
      },
      async (m) => m.tasks.wait((await create(m)).id, { pollInterval: 10 }),
    );
  });

  test("in a failed task's error (TaskFailedError holds the task)", async () => {
    const { err } = await attack(
      (req, res, s) => {
        if (req.method === "POST") return json(res, 200, task("task_1"));
        json(res, 200, task("task_1", { status: "failed", error: { code: s.authorization, message: `refused ${s.authorization}` } }));
      },
      (m) => m.tasks.run({ type: "image", input: { model: "flux-2-dev", prompt: "a cat" } }, { pollInterval: 10 }),
    );
    expect(err.name).toBe("TaskFailedError");
    expect(err.task.error.message).toBe("refused Bearer [redacted]");
  });

  test("in the events of a stream, and in the task data it yields", async () => {
    server = await startHostile((_req, res, s) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      const t = task("task_1", { status: "failed", error: { code: "x", message: s.authorization } });
      res.end(
        `event: created\ndata: ${JSON.stringify({ event: "created", task: task("task_1") })}\n\ndata: ${JSON.stringify({ event: "failed", task: t })}\n\n`,
      );
    });
    const monet = new Monet({ apiKey: KEY, baseUrl: server.url });
    const events: unknown[] = [];
    for await (const ev of monet.tasks.stream({ type: "image", input: { model: "flux-2-dev", prompt: "a cat" } })) events.push(ev);
    expect(events).toHaveLength(2);
    expect(leaks(JSON.stringify(events))).toBe(false);
  });

  // An audit's CLI printed the key: the message named the content type as the server sent it.
  const echoedType = (): Parameters<typeof startHostile>[0] => (_req, res, s) =>
    res.writeHead(200, { "content-type": `text/html; echo=${s.authorization}` }).end("<html>sign in</html>");

  test("in the content type of a stream create's answer that is not a stream", async () => {
    const { err } = await attack(echoedType(), (m) =>
      (async () => {
        for await (const _ of m.tasks.stream({ type: "image", input: { model: "flux-2-dev", prompt: "a cat" } })) void _;
      })(),
    );
    expect((err as Error).message).toMatch(/^Expected an event stream from POST \/api\/v1\/tasks\/sync, got text\/html; echo=Bearer \[redacted\]/);
  });

  test("in the content type of a streaming operation's answer through request(): an error, not an empty stream", async () => {
    const { err } = await attack(echoedType(), async (m) => {
      const events = await m.request("createTaskStream", { body: { type: "image", input: { model: "flux-2-dev", prompt: "a cat" }, idempotency_key: "k1" } });
      for await (const _ of events as AsyncIterable<unknown>) void _;
    });
    expect((err as Error).message).toMatch(/^Expected an event stream from POST \/api\/v1\/tasks\/sync, got text\/html/);
  });
});

describe("a key that a header would mangle or quote", () => {
  const bad = {
    newline: `${KEY}\n`,
    "inner newline": `monet_a\nb_ECHO_ME`,
    NUL: `${KEY}\0`,
    "control character": `${KEY}\x01`,
    DEL: `${KEY}\x7f`,
    space: `monet_ECHO_ME x`,
    "non-ASCII": `${KEY}é`,
  };
  test.each(Object.entries(bad))("a key holding a %s is refused at construction, without quoting it", (_what, apiKey) => {
    let err: unknown;
    try {
      new Monet({ apiKey, baseUrl: "http://127.0.0.1:9" });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(MonetError);
    expect((err as Error).message).toMatch(/apiKey/);
    for (const f of forms(err)) expect(leaks(f) || f.includes("monet_a"), f).toBe(false);
  });

  test("the same from MONET_API_KEY, naming the variable", () => {
    const saved = process.env.MONET_API_KEY;
    process.env.MONET_API_KEY = `${KEY}\r\n`;
    try {
      let err: unknown;
      try {
        new Monet({ baseUrl: "http://127.0.0.1:9" });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(MonetError);
      expect((err as Error).message).toMatch(/MONET_API_KEY/);
      for (const f of forms(err)) expect(leaks(f), f).toBe(false);
    } finally {
      if (saved === undefined) delete process.env.MONET_API_KEY;
      else process.env.MONET_API_KEY = saved;
    }
  });

  test("a refused key sends nothing", async () => {
    const listening = await startHostile((_req, res) => json(res, 200, {}));
    server = listening;
    expect(() => new Monet({ apiKey: `${KEY}\0`, baseUrl: listening.url })).toThrow(MonetError);
    expect(listening.seen).toHaveLength(0);
  });
});
