// Audit s20-client F7: terminal escapes a server sent (`\x1b[2J`, an OSC 8 hyperlink, a C1 CSI)
// reached `err.message` and `err.code` raw, so a service logging them to a terminal ran them. The
// message, code and request id the client builds from a server's text now lose each terminal
// sequence whole and any other control character (a newline or tab becomes a space), as the CLI's
// output does; the raw text stays on the error's data (`details`, `task.error`).
import { afterEach, expect, test } from "vitest";
import { type Hostile, json, startHostile } from "../../../test/support/hostile.js";
import { APIError, BadRequestError, Monet, TaskFailedError } from "../dist/index.js";

let server: Hostile | undefined;
afterEach(() => server?.close());

const hostile = "boom \x1b]8;;http://evil\x07click\x1b]8;;\x07 \x1b[2J\x9b31m\nFAKE log line $&";
const shown = "boom click  FAKE log line $&";

// Audit s23-client F1: format characters passed raw, so a bidi override a server put in its reason
// showed `blocked <RLO>fdp.exe` as "blocked exe.pdf" in a log (Trojan Source), and a zero-width
// space could hide in a code. They are escaped (`\u202e`), as the CLI's lists and the MCP server
// show them: taken out, an id would read as another plausible one. (A header
// holds Latin-1 only: its format character is the soft hyphen.)
const bidi = "blocked \u202Efdp.exe\u2066 \u200Bzero\u200Dwidth\u061C\u200F";
const bidiShown = "blocked \\u202efdp.exe\\u2066 \\u200bzero\\u200dwidth\\u061c\\u200f";

test("a key split by a control character is taken out once the character is", async () => {
  const key = "monet_live_AUDITSECRET0123456789abcdefXYZ";
  server = await startHostile((_req, res) => json(res, 400, { error: { code: "x", message: `bad ${key.slice(0, 20)}\x07${key.slice(20)}` } }));
  const e = await new Monet({ apiKey: key, baseUrl: server.url, maxRetries: 0 }).tasks.get("task_1").catch((e) => e);
  expect(e.message).toBe("bad [redacted]");
});

test.each([
  ["with a key", "monet_test_0123456789abcdef"],
  ["in proxy mode (no key)", null],
])("an error answer's message, code and request id have their control characters escaped (%s); details keep the raw text", async (_how, apiKey) => {
  server = await startHostile((_req, res) =>
    json(res, 400, { error: { code: "bad\x1b[31m", message: hostile, details: [{ field: "prompt", message: hostile }] } }, { "x-request-id": "req\x9b2J" }),
  );
  const e = await new Monet({ apiKey, baseUrl: server.url, maxRetries: 0 }).tasks.get("task_1").catch((e) => e);
  expect(e).toBeInstanceOf(BadRequestError);
  expect(e.message).toBe(shown);
  expect(e.code).toBe("bad");
  expect(e.requestId).toBe("req");
  expect(e.stack).toContain(shown);
  expect(e.stack).not.toContain("\x1b");
  expect(e.details[0].message).toBe(hostile);
});

test.each([
  ["terminal sequences and controls are taken out", { code: "nsfw\x1b[2J", message: hostile }, shown, "nsfw"],
  ["bidi marks and zero-width characters are escaped", { code: "nsfw\u202E", message: bidi }, bidiShown, "nsfw\\u202e"],
  // Unicode tags (hidden text a model reads): each its own code point, not one surrogate for all.
  ["tag characters above the BMP are escaped by code point", { code: "x", message: "ok \u{E0069}\u{E0067}" }, "ok \\u{e0069}\\u{e0067}", "x"],
])("a failed task's reason and code in TaskFailedError's message and code: %s; task.error keeps them", async (_how, error, message, code) => {
  server = await startHostile((_req, res) => json(res, 200, { id: "task_1", type: "image", status: "failed", error }));
  const e = await new Monet({ apiKey: "monet_test_0123456789abcdef", baseUrl: server.url, maxRetries: 0 }).tasks
    .wait("task_1", { pollInterval: 10 })
    .catch((e) => e);
  expect(e).toBeInstanceOf(TaskFailedError);
  expect(e.message).toBe(`Task task_1 failed: ${message}`);
  expect(e.code).toBe(code);
  expect(e.stack).not.toContain("\x1b");
  expect(e.task.error).toEqual(error);
});

test("a stream's error event naming no task: its message and code escaped, any run of the key out", async () => {
  const key = "monet_live_AUDITSECRET0123456789abcdefXYZ";
  const event = { event: "error", error: { code: "no\x1b[2Jcredits", message: `${hostile} for ${key.slice(6)}` } };
  server = await startHostile((_req, res) =>
    res.writeHead(200, { "content-type": "text/event-stream" }).end(`event: error\ndata: ${JSON.stringify(event)}\n\n`),
  );
  const monet = new Monet({ apiKey: key, baseUrl: server.url });
  let error: unknown;
  try {
    for await (const _ of monet.tasks.stream({ type: "image", input: { model: "flux-2-dev", prompt: "a cat" } })) {
    }
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(APIError);
  expect((error as APIError).message).toContain(`${shown} for [redacted]`);
  expect((error as APIError).code).toBe("nocredits");
});

test("an error answer's message, code and request id have bidi marks and zero-width characters escaped; details keep them raw", async () => {
  server = await startHostile((_req, res) =>
    json(res, 400, { error: { code: "bad\u202Ecode", message: bidi, details: [{ field: "prompt", message: bidi }] } }, { "x-request-id": "req\u00AD1" }),
  );
  const e = await new Monet({ apiKey: "monet_test_0123456789abcdef", baseUrl: server.url, maxRetries: 0 }).tasks.get("task_1").catch((e) => e);
  expect(e).toBeInstanceOf(BadRequestError);
  expect(e.message).toBe(bidiShown);
  expect(e.code).toBe("bad\\u202ecode");
  expect(e.requestId).toBe("req\\u00ad1");
  expect(e.stack).not.toContain("\u202E");
  expect(e.details[0].message).toBe(bidi);
});

test("a stream's error event has its bidi marks escaped in the message", async () => {
  const event = { event: "error", error: { code: "no_credits", message: bidi } };
  server = await startHostile((_req, res) =>
    res.writeHead(200, { "content-type": "text/event-stream" }).end(`event: error\ndata: ${JSON.stringify(event)}\n\n`),
  );
  const monet = new Monet({ apiKey: "monet_test_0123456789abcdef", baseUrl: server.url, maxRetries: 0 });
  const error = await (async () => {
    for await (const _ of monet.tasks.stream({ type: "image", input: { model: "flux-2-dev", prompt: "a cat" } })) {
    }
  })().catch((e) => e);
  expect(error).toBeInstanceOf(APIError);
  expect(error.message).toContain(bidiShown);
  expect(error.message).not.toMatch(/\p{Cf}/u);
});
