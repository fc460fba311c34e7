// `--host 0.0.0.0`: the mock says it is open to the network, and the file and output URLs it hands
// out follow the Host a request came to (a phone asked 192.168.1.20:4020), never 0.0.0.0. Only a
// plain host[:port] is echoed; any other Host gets loopback URLs. These tests bind every interface
// on a free port for a few requests, as the feature needs, and talk to it over loopback.
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type MockServer, startMockServer } from "../src/index.js";
import { hostOrigin, isWildcard } from "../src/request-origin.js";
import { json, request } from "./support/raw.js";

const cli = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../dist/cli.js");
const KEY = { authorization: "Bearer monet_lan" };

/** The upload's and a finished task's URL, as answered to a request with this Host. */
async function urls(m: MockServer, host: string) {
  const boundary = "b0undary";
  const form = `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="a.png"\r\ncontent-type: image/png\r\n\r\nPNG\r\n--${boundary}--\r\n`;
  const up = await request(m.port, "POST", "/api/v1/files", { ...KEY, host, "content-type": `multipart/form-data; boundary=${boundary}` }, form);
  expect(up.status).toBe(200);
  const body = JSON.stringify({ type: "image", input: { model: "flux-2-dev", prompt: "x" }, idempotency_key: crypto.randomUUID() });
  const task = await request(m.port, "POST", "/api/v1/tasks/async", { ...KEY, host, "content-type": "application/json" }, body);
  expect(task.status).toBe(200);
  return [json(up).url as string, json(task).outputs[0].url as string];
}

describe("listening on every interface", () => {
  let mock: MockServer;
  beforeAll(async () => {
    mock = await startMockServer({ host: "0.0.0.0", port: 0, taskDuration: 0 });
  });
  afterAll(() => mock.close());

  test.each(["192.168.1.20:{port}", "mock.lan:{port}", "MOCK.LAN", "[fd00::20]:{port}"])("a request to %s gets URLs on that host", async (h) => {
    const host = h.replace("{port}", String(mock.port));
    for (const url of await urls(mock, host)) expect(url.startsWith(`http://${host.toLowerCase()}/__mock/`)).toBe(true);
  });

  test.each([
    "evil.example/x?y=",
    "user@evil.example",
    "evil.example:99999",
    "evil.example:0",
    'a"><script>alert(1)</script>',
    "a b",
    "evil.example:80:81",
    "[fe80::1%eth0]",
    "[not-ipv6]:80",
    "-bad-.example",
    `${"a".repeat(64)}.example`,
    "0.0.0.0:{port}",
    "[::]:{port}",
  ])("a request with Host %j gets loopback URLs, never its Host", async (h) => {
    const host = h.replace("{port}", String(mock.port));
    for (const url of await urls(mock, host)) expect(url.startsWith(`http://127.0.0.1:${mock.port}/__mock/`)).toBe(true);
  });

  test("with publicUrl, every URL uses it whatever the Host", async () => {
    const pub = await startMockServer({ host: "0.0.0.0", port: 0, taskDuration: 0, publicUrl: "http://mock.example:8080" });
    try {
      for (const url of await urls(pub, "192.168.1.20:4020")) expect(url.startsWith("http://mock.example:8080/__mock/")).toBe(true);
    } finally {
      await pub.close();
    }
  });
});

test("on loopback (the default), the Host does not change the URLs", async () => {
  const local = await startMockServer({ port: 0, taskDuration: 0 });
  try {
    for (const url of await urls(local, `192.168.1.20:${local.port}`)) expect(url.startsWith(`${local.url}/__mock/`)).toBe(true);
  } finally {
    await local.close();
  }
});

test("what counts as every interface, and as a usable Host", () => {
  expect(["0.0.0.0", "::", "[::]", "0:0:0:0:0:0:0:0"].map(isWildcard)).toEqual([true, true, true, true]);
  expect(["127.0.0.1", "::1", "192.168.1.20", "localhost"].map(isWildcard)).toEqual([false, false, false, false]);
  expect(hostOrigin("Phone.LAN:4020")).toBe("http://phone.lan:4020");
  expect(hostOrigin("10.0.0.2:04020")).toBe("http://10.0.0.2:4020");
  expect(hostOrigin(undefined)).toBeUndefined();
});

describe("monet-mock --host 0.0.0.0 (the built CLI)", () => {
  let child: ChildProcess;
  afterAll(() => void child?.kill("SIGTERM"));

  test("prints one warning line: reachable from the network, any key, and --public-url for the URLs", async () => {
    child = spawn(process.execPath, [cli, "--host", "0.0.0.0", "--port", "0", "--quiet"], { stdio: ["ignore", "pipe", "pipe"] });
    const err = await new Promise<string>((resolve, reject) => {
      let text = "";
      child.stderr?.on("data", (d) => {
        text += d;
        if (text.includes("\n")) resolve(text);
      });
      child.once("exit", (code) => reject(new Error(`monet-mock exited with ${code}: ${text}`)));
    });
    const lines = err.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/warning: listening on every interface/);
    expect(lines[0]).toMatch(/network/);
    expect(lines[0]).toMatch(/any monet_ key/);
    expect(lines[0]).toMatch(/--public-url http:\/\/<this machine's address>:\d+/);
  });
});
