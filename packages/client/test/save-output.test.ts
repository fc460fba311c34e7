// saveOutput / saveOutputs against a hostile file server on loopback (and the real mock): names,
// extensions, schemes, redirects, size caps and symlinks are decided here, not by the server.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startMockServer } from "@monet-ai/mock";
import { afterAll, afterEach, beforeAll, beforeEach, expect, test, vi } from "vitest";
import { InputValidationError, Monet } from "../src/index.js";
import { DEFAULT_MAX_BYTES, MAX_OUTPUTS, type OutputError, type SaveOutputError, safeFileName, saveOutput, saveOutputs } from "../src/node.js";
import { outputs } from "../src/outputs.js";
import { PNG, startFileServer } from "./hostile-files.js";

let server: Awaited<ReturnType<typeof startFileServer>>;
let dir: string;
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
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "monet-save-"));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const ls = (d = dir) => fs.readdirSync(d).sort();
const fail = (p: Promise<unknown>) =>
  p.then(
    () => expect.fail("should have been refused"),
    (e) => e,
  );
/** A fetch that records what it was asked and answers 200, for hosts the test cannot reach. */
function recordingFetch() {
  const asked: string[] = [];
  const f = (async (url: string) => {
    asked.push(String(url));
    return new Response(PNG, { headers: { "content-type": "image/png" } });
  }) as unknown as typeof fetch;
  return { asked, f };
}

test("saves a PNG as <name>.png with its size and media type", async () => {
  const r = await saveOutput(`${server.url}/files/ok.png`, { dir, name: "task_1" });
  expect(r).toEqual({ path: path.join(dir, "task_1.png"), bytes: PNG.length, contentType: "image/png", declaredType: "image/png" });
  expect(fs.readFileSync(r.path).equals(PNG)).toBe(true);
});

test.each([
  ["../../x", "x"],
  ["../../", "output"],
  [".bashrc", "bashrc"],
  ["", "output"],
  ["a/b\\c d", "a_b_c_d"],
  ["x..y", "x.y"],
  ["-rf", "rf"],
  ["CON", "_CON"],
  ["task_\x1b]52;c;cHduZWQ=\x07", "task__52_c_cHduZWQ"],
])("safeFileName(%j) is %j", (raw, safe) => {
  expect(safeFileName(raw)).toBe(safe);
});

// Audit s20-client F4: a JavaScript caller without `name` got `<dir>/undefined.mp4`, then
// file_exists on the next such save.
test.each([
  ["name", (d: string) => ({ dir: d })],
  ["name", (d: string) => ({ dir: d, name: 42 })],
  ["dir", () => ({ name: "a" })],
])("saveOutput without a string %s is an InputValidationError naming it, before anything is fetched", async (key, opts) => {
  const { asked, f } = recordingFetch();
  const e = await fail(saveOutput("https://files.example.com/a.mp4", { ...opts(dir), fetch: f } as never));
  expect(e).toBeInstanceOf(InputValidationError);
  expect(e.issues.map((i: { path: string }) => i.path)).toEqual([key]);
  expect(e.message).toMatch(new RegExp(`^Invalid input: ${key} must be a string`));
  expect(asked).toEqual([]);
  expect(ls()).toEqual([]);
});

test("names are bounded, and only [A-Za-z0-9._-]", () => {
  const long = safeFileName("é".repeat(50) + "a".repeat(500));
  expect(long.length).toBeLessThanOrEqual(100);
  expect(long).toMatch(/^[A-Za-z0-9][A-Za-z0-9._-]*$/);
});

test("the extension comes from the media type, never from the URL or the server's file name", async () => {
  const r = await saveOutput(`${server.url}/files/evil.bashrc`, { dir, name: "../../.bashrc" });
  expect(path.basename(r.path)).toBe("bashrc.bin");
  expect(ls()).toEqual(["bashrc.bin"]);
});

test("a page saved as .bin is said to be application/octet-stream, the type outputs() gives it, never the server's text/html", async () => {
  const url = `${server.url}/files/page.png?type=${encodeURIComponent("text/html; charset=utf-8")}`;
  const r = await saveOutput(url, { dir, name: "task_html" });
  expect(path.basename(r.path)).toBe("task_html.bin");
  const [listed] = outputs({ outputs: [{ url, model: "m" }] as never }, {});
  expect(r.contentType).toBe((await listed.stream()).type);
  expect(r.contentType).toBe("application/octet-stream");
  expect(r.declaredType).toBe("text/html");
});

test.each(["file:///etc/hostname", "data:image/png;base64,iVBORw0KGgo=", "ftp://127.0.0.1/x.png", "javascript:alert(1)", "blob:https://a/b", "/relative.png"])(
  "refuses %s without fetching",
  async (url) => {
    const { asked, f } = recordingFetch();
    const e = await fail(saveOutput(url, { dir, name: "t", fetch: f }));
    expect(e.name).toBe("SaveOutputError");
    expect(e.code).toBe("unsafe_url");
    expect(asked).toEqual([]);
    expect(ls()).toEqual([]);
  },
);

test("plain http: only on an allowed origin or (the API being local) loopback; https: to public hosts; no credentials in URLs", async () => {
  const { asked, f } = recordingFetch();
  expect((await fail(saveOutput("http://files.example.com/a.png", { dir, name: "a", fetch: f }))).message).toMatch(
    /^refused http:\/\/files\.example\.com\/a\.png: plain http:/,
  );
  await saveOutput("http://mock.internal:4020/a.png", { dir, name: "a", fetch: f, allowOrigins: ["http://mock.internal:4020/api"] });
  await saveOutput("https://files.example.com/b.png", { dir, name: "b", fetch: f });
  await saveOutput("http://[::1]:9/c.png", { dir, name: "c", fetch: f });
  expect((await fail(saveOutput("https://u:p@files.example.com/d.png", { dir, name: "d", fetch: f }))).code).toBe("unsafe_url");
  expect(asked).toEqual(["http://mock.internal:4020/a.png", "https://files.example.com/b.png", "http://[::1]:9/c.png"]);
  expect(ls()).toEqual(["a.png", "b.png", "c.png"]);
});

test("redirects are followed by hand, each hop checked: no redirect to another scheme, no loops", async () => {
  const ok = await saveOutput(`${server.url}/files/redirect?to=/files/ok.png`, { dir, name: "hop" });
  expect(path.basename(ok.path)).toBe("hop.png");
  for (const to of ["data:text/plain,pwned", "file:///etc/passwd", "http://files.example.com/x.png"]) {
    const e = await fail(saveOutput(`${server.url}/files/redirect?to=${encodeURIComponent(to)}`, { dir, name: "r" }));
    expect(e.code).toBe("unsafe_url");
    expect(e.message).toMatch(/^redirect from http:\/\/127\.0\.0\.1:\d+\/files\/redirect.*: refused/);
  }
  expect((await fail(saveOutput(`${server.url}/files/loop`, { dir, name: "r" }))).message).toMatch(/more than 5 redirects/);
  expect(ls()).toEqual(["hop.png"]);
});

test("a redirect's target is never shown: no header-borne key (path or host) reaches a message", async () => {
  const SECRET = "monet_sk_live_REDIRECTED_SECRET";
  const hops = [
    `http://169.254.169.254/${SECRET}`,
    `http://127.0.0.1:9/${SECRET}.png`,
    `ftp://x/${SECRET}`,
    `https://${SECRET.replaceAll("_", "-")}.example.test/x.png`,
  ];
  // A fetch that fails to resolve the last target as undici does, naming its host.
  const resolving: typeof fetch = async (input, init) => {
    const u = new URL(String(input));
    if (u.hostname.endsWith(".example.test")) throw new TypeError("fetch failed", { cause: new Error(`getaddrinfo ENOTFOUND ${u.hostname}`) });
    return fetch(input, init);
  };
  for (const to of hops) {
    const e = await fail(saveOutput(`${server.url}/files/redirect?to=${encodeURIComponent(to)}`, { dir, name: "r", fetch: resolving }));
    expect(e.message).toMatch(/^(redirect from|could not download) https?:\/\/127\.0\.0\.1:\d+\/files\/redirect/);
    expect(e.message).not.toMatch(/redirected.secret/i);
    expect(JSON.stringify(e.cause ?? null)).not.toMatch(/redirected.secret/i);
  }
  expect(ls()).toEqual([]);
});

test.each(["trickle", "silent"])("a %s file host is given up after stallTimeout (too_slow), leaving no partial file", async (kind) => {
  const started = Date.now();
  const e = await fail(saveOutput(`${server.url}/files/${kind}`, { dir, name: "slow", stallTimeout: 400 }));
  expect(e.code).toBe("too_slow");
  expect(e.message).toMatch(
    new RegExp(
      `^gave up on http://127\\.0\\.0\\.1:\\d+/files/${kind}: \\d+ bytes arrived in 400 ms, fewer than the 16384 each stallTimeout must bring \\(stallMinBytes\\)$`,
    ),
  );
  expect(e.receivedBytes).toBeLessThan(16384);
  expect(Date.now() - started).toBeLessThan(10_000);
  expect(ls()).toEqual([]);
});

// The pipeline's minimum download rate is this threshold: one guard, not a second one around it.
test("stallMinBytes sets what each stallTimeout must bring: a host sending steadily but under it is too_slow", async () => {
  // 1 KiB every 20 ms, for ever: about 15 KiB in each 300 ms, far under the 1 MiB asked.
  const slow = `${server.url}/files/paced?size=1024&every=20`;
  const e = (await fail(saveOutput(slow, { dir, name: "slow", stallTimeout: 300, stallMinBytes: 1024 * 1024 }))) as OutputError;
  expect(e.name).toBe("SaveOutputError");
  expect(e.code).toBe("too_slow");
  expect(e.message).toMatch(/: \d+ bytes arrived in 300 ms, fewer than the 1048576 each stallTimeout must bring \(stallMinBytes\)$/);
  expect(e.receivedBytes).toBeGreaterThan(0);
  expect(e.receivedBytes).toBeLessThan(1024 * 1024);
  expect(ls()).toEqual([]);
  // The same host within a lower threshold is a download like any other (30 KiB, ends by itself).
  const r = await saveOutput(`${slow}&count=30`, { dir, name: "ok", stallTimeout: 300, stallMinBytes: 1024 });
  expect(r.bytes).toBe(30 * 1024);
});

test("stallMinBytes is checked before anything is fetched, naming it and what it takes", async () => {
  const before = server.seen.length;
  for (const bad of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, "16384" as unknown as number]) {
    const e = await fail(saveOutput(`${server.url}/files/ok.png`, { dir, name: "x", stallMinBytes: bad }));
    expect(e.message).toMatch(/^stallMinBytes must be a whole number of bytes above 0, the fewest each stallTimeout must bring \(got /);
    expect(() => outputs({ outputs: [{ model: "m", status: "success", url: `${server.url}/files/ok.png` }] }, { stallMinBytes: bad })).toThrow(
      /^stallMinBytes must be/,
    );
  }
  expect(server.seen.length).toBe(before);
  expect(ls()).toEqual([]);
});

test("a steady download is not a stall, however long it takes; the stall timeout is checked", async () => {
  const r = await saveOutput(`${server.url}/files/ok.png`, { dir, name: "ok", stallTimeout: 400 });
  expect(r.bytes).toBe(PNG.length);
  for (const bad of [0, -1, Number.NaN])
    expect((await fail(saveOutput(`${server.url}/files/ok.png`, { dir, name: "x", stallTimeout: bad }))).message).toMatch(
      /stallTimeout must be a number of milliseconds above 0/,
    );
});

test("saveOutputs numbers several outputs of a long task id within the name cap: no two share a name", async () => {
  const task = { id: `task_${"t".repeat(120)}`, outputs: [0, 1, 2].map(() => ({ model: "m", status: "success" as const, url: `${server.url}/files/ok.png` })) };
  const saved = await saveOutputs(task, { dir });
  expect(saved.map((s) => path.basename(s.path).match(/-\d\.png$/)?.[0])).toEqual(["-0.png", "-1.png", "-2.png"]);
  expect(ls()).toHaveLength(3);
  for (const f of ls()) expect(f.length).toBeLessThanOrEqual(100 + ".png".length);
});

test("a task listing more than MAX_OUTPUTS outputs is refused by saveOutputs and outputs() before anything is fetched", async () => {
  const task = {
    id: "task_many",
    outputs: Array.from({ length: MAX_OUTPUTS + 1 }, () => ({ model: "m", status: "success" as const, url: `${server.url}/files/ok.png` })),
  };
  const before = server.seen.length;
  const saved = await fail(saveOutputs(task, { dir }));
  expect(saved.code).toBe("too_many");
  expect(saved.message).toBe(`task task_many lists ${MAX_OUTPUTS + 1} outputs; no Monet model makes more than one, and at most ${MAX_OUTPUTS} are fetched`);
  const listed = (() => {
    try {
      outputs(task);
    } catch (e) {
      return e as OutputError;
    }
  })();
  expect(listed?.code).toBe("too_many");
  expect(server.seen.length).toBe(before);
  expect(ls()).toEqual([]);
  // As many as the cap are all saved.
  expect(await saveOutputs({ ...task, outputs: task.outputs.slice(0, MAX_OUTPUTS) }, { dir })).toHaveLength(MAX_OUTPUTS);
});

test("an endless body stops at maxBytes and leaves no partial file", async () => {
  const e = await fail(saveOutput(`${server.url}/files/endless`, { dir, name: "big", maxBytes: 1_000_000 }));
  expect(e.code).toBe("too_large");
  expect(e.message).toMatch(/more than 1000000 bytes/);
  expect(ls()).toEqual([]);
});

test("a declared content-length over the default cap (2 GiB) is refused before the body is read", async () => {
  expect(DEFAULT_MAX_BYTES).toBe(2 * 1024 ** 3);
  const e = await fail(saveOutput(`${server.url}/files/huge`, { dir, name: "huge" }));
  expect(e.code).toBe("too_large");
  expect(e.message).toMatch(/declares 8589934592 bytes, more than 2147483648/);
  expect(ls()).toEqual([]);
});

test("an HTTP error saves nothing", async () => {
  expect((await fail(saveOutput(`${server.url}/files/missing`, { dir, name: "m" }))).message).toMatch(/HTTP 404/);
  expect(ls()).toEqual([]);
});

test("an abort mid-body removes the partial file", async () => {
  const ac = new AbortController();
  const p = saveOutput(`${server.url}/files/endless`, { dir, name: "abort", signal: ac.signal, maxBytes: 2 ** 40 });
  // Abort once bytes are on disk (polls the folder; no fixed sleep).
  for (let i = 0; i < 2000 && !ls().some((f) => f.endsWith(".part") && fs.statSync(path.join(dir, f)).size > 0); i++)
    await new Promise((r) => setTimeout(r, 5));
  ac.abort();
  await fail(p);
  expect(ls()).toEqual([]);
});

test("a planted symlink is never followed: refused, or with overwrite replaced as an entry", async () => {
  const victim = path.join(dir, "..", `${path.basename(dir)}-victim`);
  fs.writeFileSync(victim, "precious");
  try {
    fs.symlinkSync(victim, path.join(dir, "t.png"));
    const e = await fail(saveOutput(`${server.url}/files/ok.png`, { dir, name: "t" }));
    expect(e.code).toBe("file_exists");
    // The file in the way, for callers that name it in their own words (the pipeline).
    expect((e as SaveOutputError).path).toBe(path.join(dir, "t.png"));
    expect(fs.readFileSync(victim, "utf8")).toBe("precious");
    expect(ls()).toEqual(["t.png"]);
    await saveOutput(`${server.url}/files/ok.png`, { dir, name: "t", overwrite: true });
    expect(fs.lstatSync(path.join(dir, "t.png")).isFile()).toBe(true);
    expect(fs.readFileSync(victim, "utf8")).toBe("precious");
  } finally {
    fs.rmSync(victim, { force: true });
  }
});

test("an existing file is kept unless overwrite is asked", async () => {
  fs.writeFileSync(path.join(dir, "t.png"), "mine");
  expect((await fail(saveOutput(`${server.url}/files/ok.png`, { dir, name: "t" }))).message).toMatch(/t\.png already exists/);
  expect(fs.readFileSync(path.join(dir, "t.png"), "utf8")).toBe("mine");
  expect(ls()).toEqual(["t.png"]);
  await saveOutput(`${server.url}/files/ok.png`, { dir, name: "t", overwrite: true });
  expect(fs.readFileSync(path.join(dir, "t.png")).equals(PNG)).toBe(true);
});

test("saveOutputs names several outputs <id>-<n>, skips outputs without a URL, creates the folder", async () => {
  const task = {
    id: "../task_9",
    outputs: [
      { model: "m", status: "success" as const, url: `${server.url}/files/ok.png` },
      { model: "m", status: "failed" as const },
      { model: "m", status: "success" as const, url: `${server.url}/files/evil.bashrc` },
    ],
  };
  const saved = await saveOutputs(task, { dir: path.join(dir, "new") });
  expect(saved.map((s) => path.basename(s.path))).toEqual(["task_9-0.png", "task_9-2.bin"]);
  expect(ls(path.join(dir, "new"))).toEqual(["task_9-0.png", "task_9-2.bin"]);
});

test("saves a real task's output from the mock (http: on the allowed base origin)", async () => {
  const mock = await startMockServer({ port: 0, taskDuration: 100 });
  try {
    const monet = new Monet({ apiKey: "monet_save_test", baseUrl: mock.url });
    const task = await monet.tasks.run({ type: "image", input: { model: "flux-2-dev", prompt: "a kite" } }, { pollInterval: 50 });
    const [saved] = await saveOutputs(task, { dir, allowOrigins: [mock.url] });
    expect(saved).toMatchObject({ path: path.join(dir, `${task.id}.png`), contentType: "image/png" });
    expect(fs.readFileSync(saved.path).subarray(1, 4).toString()).toBe("PNG");
  } finally {
    await mock.close();
  }
});
