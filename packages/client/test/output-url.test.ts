// The one output-URL policy, attacked through the real client: a lying API that looks public
// (https://api.example.test, routed to loopback by the test's fetch) answers tasks whose outputs
// point at the user's machine or network. saveOutput and outputs() must refuse each one before
// any request; against a local mock (a loopback base) local outputs stay allowed.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, expect, test, vi } from "vitest";
import { Monet } from "../src/index.js";
import { saveOutput, saveOutputs } from "../src/node.js";
import { checkOutputUrl, isLocalHost, OutputError, outputs } from "../src/outputs.js";
import { PNG, startFileServer } from "./hostile-files.js";
import { type LyingApi, PUBLIC_API, startLyingApi, targets } from "./lying-api.js";

let api: LyingApi;
let files: Awaited<ReturnType<typeof startFileServer>>;
let dir: string;
beforeAll(async () => {
  api = await startLyingApi();
  files = await startFileServer();
});
afterAll(async () => {
  await api?.close();
  await files?.close();
});
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "monet-output-url-"));
  api.escaped.length = 0;
  files.seen.length = 0;
  // Standalone calls read MONET_BASE_URL: these tests say what it is.
  vi.stubEnv("MONET_BASE_URL", "");
});
afterEach(() => {
  vi.unstubAllEnvs();
  fs.rmSync(dir, { recursive: true, force: true });
});

const fail = (p: Promise<unknown>) =>
  p.then(
    () => expect.fail("should have been refused"),
    (e) => e as OutputError,
  );
const attempt = (f: () => Promise<unknown>) => fail(Promise.resolve().then(f));
const publicClient = () => new Monet({ apiKey: "monet_lying_test", baseUrl: PUBLIC_API, fetch: api.fetch(), maxRetries: 0 });

/** The lying API's task for `target`, fetched through the client as a user would. */
async function lyingTask(target: string) {
  api.answer(target);
  return publicClient().tasks.get("task_lying");
}

/** Nothing was fetched but the API itself (and the public file host's redirect), and nothing was written. */
function nothingFetched() {
  expect(api.escaped).toEqual([]);
  expect(files.seen).toEqual([]);
  expect(api.seen.filter((s) => s.includes("/files/") && !s.includes("/files/redirect"))).toEqual([]);
  expect(fs.readdirSync(dir)).toEqual([]);
}

const cases = () => Object.entries(targets(files.url));

test("every SSRF target a lying public API answers is refused by saveOutputs (allowOrigins: [monet.baseUrl])", async () => {
  for (const [name, target] of cases()) {
    api.seen.length = 0;
    const task = await lyingTask(target);
    const monet = publicClient();
    const e = await attempt(() => saveOutputs(task, { dir, allowOrigins: [monet.baseUrl], fetch: api.fetch() }));
    expect(e, name).toBeInstanceOf(OutputError);
    expect(e.code, name).toBe("unsafe_url");
    nothingFetched();
  }
});

test("...and by outputs() when the list is made, or at the hop for a redirect", async () => {
  for (const [name, target] of cases()) {
    api.seen.length = 0;
    const task = await lyingTask(target);
    const e = await attempt(async () => outputs(task, { allowOrigins: [PUBLIC_API], fetch: api.fetch() })[0].blob());
    expect(e, name).toBeInstanceOf(OutputError);
    expect(e.code, name).toBe("unsafe_url");
    nothingFetched();
  }
});

test("standalone saveOutput / outputs (nothing listed, no MONET_BASE_URL) hold to the default API: local outputs are refused", async () => {
  for (const [name, target] of cases()) {
    const e = await attempt(() => saveOutput(target, { dir, name: "x", fetch: api.fetch() }));
    expect(e.code, name).toBe("unsafe_url");
    const e2 = await attempt(async () => outputs({ outputs: [{ model: "m", status: "success", url: target }] }, { fetch: api.fetch() })[0].blob());
    expect(e2.code, name).toBe("unsafe_url");
  }
  nothingFetched();
});

test("the client's default base, which stands in when nothing is listed, is public https: listing it would allow nothing more", () => {
  const base = new URL(new Monet({ apiKey: "monet_default_base" }).baseUrl);
  expect(base.protocol).toBe("https:");
  expect(isLocalHost(base.hostname)).toBe(false);
  const e = (() => {
    try {
      checkOutputUrl("https://10.0.0.5/x.png");
    } catch (e) {
      return e as Error;
    }
  })();
  expect(e?.message).toContain("allowed origins: none: MONET_BASE_URL is unset, so the default API");
});

test("a refusal names the URL without its query, the rule and the fix", async () => {
  const e = await attempt(() =>
    saveOutput("https://10.0.0.5/clips/x.png?X-Amz-Signature=s3cr3t", { dir, name: "x", allowOrigins: [PUBLIC_API], fetch: api.fetch() }),
  );
  expect(e.message).toContain("refused https://10.0.0.5/clips/x.png:");
  expect(e.message).not.toContain("s3cr3t");
  expect(e.message).toContain("https://api.example.test");
  expect(e.message).toContain("allowOrigins: [monet.baseUrl]");
  const hop = await attempt(() =>
    saveOutput(`https://files.example.test/files/redirect?to=${encodeURIComponent(`${files.url}/files/ok.png?token=s3cr3t`)}`, {
      dir,
      name: "x",
      allowOrigins: [PUBLIC_API],
      fetch: api.fetch(),
    }),
  );
  // The target is named by what it is, never shown (it came in a header, unredacted).
  expect(hop.message).toMatch(/^redirect from https:\/\/files\.example\.test\/files\/redirect: refused its redirect target: a loopback or private host/);
  expect(hop.message).not.toContain("s3cr3t");
});

test("against a local mock (a loopback base) outputs on other local hosts are allowed, listed or from MONET_BASE_URL", async () => {
  const local = new Monet({ apiKey: "monet_lying_test", baseUrl: api.url, maxRetries: 0 });
  api.answer(`${files.url}/files/ok.png`);
  const task = await local.tasks.get("task_lying");
  const [saved] = await saveOutputs(task, { dir, allowOrigins: [local.baseUrl] });
  expect(fs.readFileSync(saved.path).equals(PNG)).toBe(true);
  const blob = await outputs(task, { allowOrigins: [local.baseUrl] })[0].blob();
  expect(Buffer.from(await blob.arrayBuffer()).equals(PNG)).toBe(true);
  // A redirect hop between local hosts is fine too.
  await saveOutput(`${api.url}/files/redirect?to=${encodeURIComponent(`${files.url}/files/ok.png`)}`, { dir, name: "hop", allowOrigins: [api.url] });
  // Standalone: the env's base is the listed origin.
  vi.stubEnv("MONET_BASE_URL", api.url);
  await saveOutput(`${files.url}/files/ok.png`, { dir, name: "env" });
  expect(fs.readdirSync(dir).sort()).toEqual(["env.png", "hop.png", "task_lying.png"]);
  // Never link-local (cloud metadata), even against a local mock, unless it is the listed origin itself.
  for (const url of ["http://169.254.169.254/latest/meta-data/", "http://[fe80::1]/x.png"])
    expect(() => checkOutputUrl(url, [api.url]), url).toThrow(/link-local/);
  expect(checkOutputUrl("http://169.254.10.1:8080/x.png", ["http://169.254.10.1:8080"]).host).toBe("169.254.10.1:8080");
});

test("169.254/16 inside IPv6 (IPv4-mapped, -compatible, NAT64, 6to4) is link-local too: refused against a local mock, never fetched", async () => {
  const asked: string[] = [];
  const fetch = async (url: string | URL | Request) => {
    asked.push(String(url));
    return new Response(PNG, { headers: { "content-type": "image/png" } });
  };
  for (const url of [
    "http://[::ffff:169.254.169.254]/latest/meta-data/", // new URL writes it [::ffff:a9fe:a9fe]
    "http://[0:0:0:0:0:ffff:a9fe:1]/",
    "http://[::169.254.169.254]/",
    "http://[64:ff9b::a9fe:a9fe]/",
    "http://[64:ff9b::169.254.169.254]/",
    "https://[2002:a9fe:a9fe::1]/",
    "http://[febf::1]/",
  ]) {
    expect(() => checkOutputUrl(url, [api.url]), url).toThrow(/link-local/);
    const e = await attempt(() => saveOutput(url, { dir, name: "x", allowOrigins: [api.url], fetch }));
    expect(e.code, url).toBe("unsafe_url");
  }
  expect(asked).toEqual([]);
  expect(fs.readdirSync(dir)).toEqual([]);
  // Other local addresses written as IPv6 stay allowed against a mock, refused against a public API.
  expect(checkOutputUrl("http://[::ffff:127.0.0.1]:4020/x.png", [api.url]).hostname).toBe("[::ffff:7f00:1]");
  expect(() => checkOutputUrl("https://[2002:7f00:1::]/x.png", [PUBLIC_API])).toThrow(/loopback or private host/);
  expect(checkOutputUrl("https://[2002:808:808::1]/x.png", [PUBLIC_API]).hostname).toBe("[2002:808:808::1]");
});

test("https to a public host, and anything on a listed origin, are allowed; plain http elsewhere is not", () => {
  expect(checkOutputUrl("https://cdn.example.com/a.png?sig=1", [PUBLIC_API]).href).toBe("https://cdn.example.com/a.png?sig=1");
  expect(checkOutputUrl("http://mock.internal:4020/a.png", ["http://mock.internal:4020/api"]).host).toBe("mock.internal:4020");
  expect(() => checkOutputUrl("http://cdn.example.com/a.png", [PUBLIC_API])).toThrow(/refused http:\/\/cdn\.example\.com\/a\.png: plain http:/);
});

test.each([
  ["localhost", true],
  ["a.localhost", true],
  ["127.1.2.3", true],
  ["[::1]", true],
  ["[::]", true],
  ["0.0.0.0", true],
  ["10.0.0.5", true],
  ["100.64.0.1", true],
  ["169.254.169.254", true],
  ["172.16.0.1", true],
  ["172.31.255.255", true],
  ["192.168.1.10", true],
  ["[::ffff:7f00:1]", true],
  ["[fc00::1]", true],
  ["[fd12::1]", true],
  ["[fe80::1]", true],
  ["[::ffff:169.254.169.254]", true],
  ["[64:ff9b::808:808]", true],
  ["[2002:a9fe:a9fe::1]", true],
  ["[2002:c0a8:101::]", true],
  ["[2002:808:808::1]", false],
  ["printer.local", true],
  ["metadata.google.internal", true],
  ["router.home.arpa", true],
  ["intranet", true],
  ["172.32.0.1", false],
  ["100.128.0.1", false],
  ["8.8.8.8", false],
  ["[2606:4700::1111]", false],
  ["cdn.example.com", false],
])("isLocalHost(%s) is %s", (host, local) => {
  expect(isLocalHost(host)).toBe(local);
});

test("IPv4 written in other forms is normalised before it is classified", () => {
  for (const url of ["https://2130706433/x", "https://0x7f.1/x", "https://017700000001/x", "https://[::ffff:127.0.0.1]/x", "https://[0:0:0:0:0:ffff:a00:5]/x"])
    expect(() => checkOutputUrl(url, [PUBLIC_API]), url).toThrow(/loopback or private host/);
});

test("in a browser, a refusal names only the option (a page has no MONET_BASE_URL and no CLI flags)", () => {
  const one = { id: "t", outputs: [{ model: "m", status: "success", url: "http://127.0.0.1:4020/__mock/outputs/t.png" }] } as never;
  const message = () => {
    try {
      outputs(one);
      return "no error";
    } catch (e) {
      return (e as Error).message;
    }
  };
  expect(message()).toContain("MONET_BASE_URL");
  // What makes a runtime a browser for the client (browser.ts): a global document.
  vi.stubGlobal("document", {});
  try {
    const m = message();
    expect(m).toContain("allowed origins: none)");
    expect(m).toMatch(/allowOrigins: \[monet\.baseUrl\]$/);
    expect(m).not.toMatch(/MONET_BASE_URL|--base-url|CLI/);
  } finally {
    vi.unstubAllGlobals();
  }
});
