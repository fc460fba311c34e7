// Audit s17-client L1: the key was taken out only as sent. A server that quotes it cut short (its
// first 20 characters) or percent-encoded (its form in a URL: `/`, `+` and `=` as %2F, %2B, %3D)
// got it into error messages. It now goes in those forms too: cut short to half of it or more
// (13 of this key's 25 characters; the rule the CLI and MCP server mask cut keys by), encoded or not.
import util from "node:util";
import { afterEach, expect, test } from "vitest";
import { type Hostile, json, startHostile } from "../../../test/support/hostile.js";
import { Monet, MonetError } from "../dist/index.js";

// A key the constructor accepts, with characters a URL encodes.
const KEY = "sk-live/AUDIT+SECRET~123==";
let server: Hostile | undefined;
afterEach(() => server?.close());

const forms = (e: unknown) => [String(e), (e as Error).message, (e as Error).stack ?? "", JSON.stringify(e), util.inspect(e, { depth: 10, showHidden: true })];
// The fewest of its first characters a quote must hold to be taken for the key (secret.ts).
const CUT = 13;
// What may not show: the key's start, as sent or encoded (in either case), and its secret part.
const shown = (s: string) =>
  [KEY.slice(0, CUT), encodeURIComponent(KEY).slice(0, CUT + 2), "SECRET", "audit%2b"].find((x) => s.toLowerCase().includes(x.toLowerCase()));

const echoes: Record<string, (key: string) => string> = {
  "cut short (its first 20 characters)": (key) => key.slice(0, 20),
  "percent-encoded": (key) => encodeURIComponent(key),
  "percent-encoded in lower case": (key) => encodeURIComponent(key).replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase()),
  "percent-encoded and cut short": (key) => encodeURIComponent(key).slice(0, 16),
  "in a URL's query": (key) => `https://x.example/cb?token=${encodeURIComponent(key)}&next=1`,
};

test.each(Object.entries(echoes))("a key echoed %s is redacted from JSON, text and HTML error answers", async (_how, echo) => {
  const lines: string[] = [];
  server = await startHostile((req, res, s) => {
    const quoted = echo(s.authorization.slice("Bearer ".length));
    if (req.url?.includes("task_json")) return json(res, 400, { error: { code: "bad", message: `key ${quoted} is bad` } });
    if (req.url?.includes("task_text")) return void res.writeHead(500, { "content-type": "text/plain" }).end(`upstream: ${quoted}`);
    res.writeHead(404, { "content-type": "text/html" }).end(`<title>${quoted}</title>`);
  });
  const monet = new Monet({ apiKey: KEY, baseUrl: server.url, maxRetries: 0, logLevel: "debug", logger: { debug: (m) => lines.push(m) } });
  for (const id of ["task_json", "task_text", "task_html"]) {
    const err = await monet.tasks.get(id).then(
      () => expect.unreachable("the call should fail"),
      (e) => e,
    );
    expect(err).toBeInstanceOf(MonetError);
    for (const f of forms(err)) expect(shown(f), f).toBeUndefined();
  }
  expect(server.seen.every((s) => s.authorization === `Bearer ${KEY}`)).toBe(true);
  for (const l of lines) expect(shown(l), l).toBeUndefined();
});

test("the key in a failed task's error, cut short and encoded, is redacted from the task and the TaskFailedError", async () => {
  server = await startHostile((_req, res, s) => {
    const key = s.authorization.slice("Bearer ".length);
    json(res, 200, { id: "task_1", status: "failed", error: { code: "x", message: `cut ${key.slice(0, 13)}, encoded ${encodeURIComponent(key)} here` } });
  });
  const monet = new Monet({ apiKey: KEY, baseUrl: server.url, maxRetries: 0 });
  const err = await monet.tasks.wait("task_1", { pollInterval: 10 }).catch((e) => e);
  expect(err.name).toBe("TaskFailedError");
  expect(err.task.error.message).toBe("cut [redacted], encoded [redacted] here");
  for (const f of forms(err)) expect(shown(f), f).toBeUndefined();
});

test("text without the key's start is left as it was: a task id, a URL, a quote of another key", async () => {
  const task = { id: "task_sk-live", status: "success", outputs: [{ url: "https://cdn.example/sk-live.png?sig=AUDIT" }], note: "sk-test/OTHER" };
  server = await startHostile((_req, res) => json(res, 200, task));
  const monet = new Monet({ apiKey: KEY, baseUrl: server.url, maxRetries: 0 });
  expect(await monet.tasks.get("task_sk-live")).toEqual(task);
});
