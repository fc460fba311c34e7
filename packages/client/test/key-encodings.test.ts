// A key a server echoes written another way is still the key to whoever reads the log: its bytes
// in hex (a dump of the request), every character as an HTML character reference (an error page
// escaping all it quotes), as JSON `\u` escapes in a string (escaped twice), every character
// percent-encoded. The failure path (key-tail.ts) and the CLI and MCP server (redactHidden) showed
// the first three as sent (audit s23-mutate). And a key cut across an event stream's chunks, one
// byte at a time, is read whole. A real loopback server in each test.
import { afterEach, expect, test } from "vitest";
import { type Hostile, json, startHostile } from "../../../test/support/hostile.js";
import { AuthenticationError, Monet } from "../src/index.js";
import { redactHidden } from "../src/outputs.js";
import { event, params, SSE, task } from "./sse-answers.js";

const KEY = "monet_live_Q7xK2pL9vR4tW8zN3bC6";
const M = "[redacted]";
const codes = [...KEY].map((c) => c.charCodeAt(0));
const hex = codes.map((c) => c.toString(16).padStart(2, "0")).join("");

const forms: [string, string][] = [
  ["its bytes in hex", hex],
  ["its bytes in upper-case hex", hex.toUpperCase()],
  ["half its bytes in hex (its end)", hex.slice(hex.length / 2)],
  ["decimal HTML character references", codes.map((c) => `&#${c};`).join("")],
  ["hex HTML character references", codes.map((c) => `&#x${c.toString(16)};`).join("")],
  ["JSON \\u escapes", codes.map((c) => `\\u${c.toString(16).padStart(4, "0")}`).join("")],
  ["every character percent-encoded", codes.map((c) => `%${c.toString(16).toUpperCase()}`).join("")],
];

let server: Hostile | undefined;
afterEach(() => server?.close());

test.each(forms)("a 401 quoting the key as %s says [redacted], in the message and in the CLI's and MCP server's rule", async (_how, form) => {
  expect(redactHidden(`key ${form} refused`, KEY, M)).toBe(`key ${M} refused`);
  server = await startHostile((_req, res) => json(res, 401, { error: { code: "invalid_key", message: `key ${form} refused` } }));
  const e = await new Monet({ apiKey: KEY, baseUrl: server.url, maxRetries: 0 }).tasks.get("task_1").catch((e) => e);
  expect(e).toBeInstanceOf(AuthenticationError);
  expect(e.message).toContain(`key ${M} refused`);
});

test("hex of text that is not the key, and a short run of the key's hex, are left as they are", () => {
  for (const text of [`sha ${"0123456789abcdef".repeat(4)}`, `part ${hex.slice(0, 24)}`, "color #6d6f6e; &#109;&#111;"])
    expect(redactHidden(text, KEY, M)).toBe(text);
});

test("a key in an event stream that arrives one byte a chunk is taken out of the event", async () => {
  const body = event("created", task("task_1")) + event("failed", { ...task("task_1", "failed"), error: { code: "x", message: `key ${KEY} refused` } });
  server = await startHostile(async (req, res) => {
    if (req.method === "GET") return json(res, 200, task("task_1", "failed"));
    res.writeHead(200, SSE);
    for (const byte of Buffer.from(body)) {
      res.write(Buffer.from([byte]));
      await new Promise((r) => setImmediate(r));
    }
    res.end();
  });
  const seen: string[] = [];
  for await (const ev of new Monet({ apiKey: KEY, baseUrl: server.url, maxRetries: 0 }).tasks.stream(params, { pollInterval: 10 }))
    seen.push(JSON.stringify(ev));
  expect(seen.join("\n")).toContain(`key ${M} refused`);
  expect(seen.join("\n")).not.toContain(KEY.slice(-12));
});
