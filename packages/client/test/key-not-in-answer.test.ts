// Audit s17-recheck N4: the key was taken out of answers by its first 8 characters and every
// key-like character after them, so answers that never held it were rewritten: an output URL
// `…/monet_test_renders/…` with a `monet_test_…` key, `…/development/x.png` with a local key `dev`,
// a task id `sk-live-demo-task` (then "answered with another task"). Now the key goes whole (as
// sent or percent-encoded) anywhere, and cut short only as a real prefix of half the key or more
// (and 12 or more characters); a key shorter than 12 only whole. The CLI and MCP server
// (redactHidden) take the key out by the same rule.
import { afterEach, expect, test } from "vitest";
import { type Hostile, json, startHostile } from "../../../test/support/hostile.js";
import { Monet } from "../dist/index.js";
import { redactHidden } from "../dist/outputs.js";

let server: Hostile | undefined;
afterEach(() => server?.close());

const task = (id: string, url: string) => ({ id, status: "success", outputs: [{ url }] });
const untouched: [string, ReturnType<typeof task>][] = [
  ["monet_test_9f8e7d6c5b4a3f2e", task("task_1", "https://cdn.example/monet_test_renders/2026/out.png")],
  ["monet_live_abcdef0123456789", task("task_1", "https://cdn.example/u/MONET_LIGHTHOUSE.png")],
  ["dev-k3y", task("task_1", "http://localhost:4010/files/dev-keys/x.png")],
  ["sk-live-AUDIT-SECRET-123", task("sk-live-demo-task", "https://cdn.example/sk-live-AUD.png")],
];

test.each(untouched)("with the key %s, an answer that never held it reaches the caller as sent", async (key, sent) => {
  server = await startHostile((_req, res) => json(res, 200, sent));
  const monet = new Monet({ apiKey: key, baseUrl: server.url, maxRetries: 0 });
  expect(await monet.tasks.get(sent.id)).toEqual(sent);
  expect(redactHidden(JSON.stringify(sent), key, "[redacted]")).toBe(JSON.stringify(sent));
});

test("a key shorter than 12 characters (a local `dev`) goes whole where it stands, and no more", async () => {
  server = await startHostile((_req, res) => json(res, 200, task("task_1", "http://localhost:4010/files/development/x.png")));
  const monet = new Monet({ apiKey: "dev", baseUrl: server.url, maxRetries: 0 });
  // The start path's rule (secret.ts, budgeted bytes) takes it whole anywhere, inside a word too.
  expect((await monet.tasks.get("task_1")).outputs?.[0]?.url).toBe("http://localhost:4010/files/[redacted]elopment/x.png");
  // The tools' rule (key-run.ts) only where it stands as a token.
  expect(redactHidden("/files/development/x.png", "dev", "[redacted]")).toBe("/files/development/x.png");
  expect(redactHidden("/files/dev/x.png", "dev", "[redacted]")).toBe("/files/[redacted]/x.png");
});

// 26 characters: a quote of 13 or more of its first characters is the key cut short.
const KEY = "monet_live_S3CR3T/Pa+rt~42";
const quotes: [string, string, string][] = [
  ["the key, glued to other text", `x${KEY}y`, "x[redacted]y"],
  ["the key percent-encoded", `k=${encodeURIComponent(KEY)}&n=1`, "k=[redacted]&n=1"],
  ["its first 13 characters", `cut ${KEY.slice(0, 13)}…`, "cut [redacted]…"],
  ["its first 20, then other key characters", `${KEY.slice(0, 20)}zz`, "[redacted]zz"],
  ["its first 12 characters (the scheme and one more: public)", `${KEY.slice(0, 12)}_renders`, `${KEY.slice(0, 12)}_renders`],
];

test.each(quotes)("an error answer quoting %s is redacted by one rule in the client, the CLI and the MCP server", async (_how, quoted, shown) => {
  server = await startHostile((_req, res) => json(res, 400, { error: { code: "bad", message: quoted } }));
  const monet = new Monet({ apiKey: KEY, baseUrl: server.url, maxRetries: 0 });
  const err = await monet.tasks.get("task_1").catch((e) => e);
  expect(err.message).toContain(shown);
  expect(redactHidden(quoted, KEY, "[redacted]")).toBe(shown);
});
