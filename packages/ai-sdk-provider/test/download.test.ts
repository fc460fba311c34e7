// Output URLs come from API responses: a hostile or compromised API (here a loopback server
// playing Monet) must not make the provider fetch what it should not, send the key to a file
// host, or fill memory. Each case is the attack itself against the real provider.
import { openOutput } from "@monet-ai/client/outputs";
import { experimental_generateVideo as generateVideo } from "ai";
import { afterAll, beforeAll, beforeEach, expect, test } from "vitest";
import { type Hostile as Server, startHostile as serve } from "../../../test/support/hostile.js";
import { ownTerms } from "../src/download.js";
import { createMonet, MonetDownloadError } from "../src/index.js";
import { KEY, recordingFetch, type Sent } from "./helpers.js";

/** What the hostile API answers as the finished task's output URL (a path is taken on its own origin). */
let outputUrl = "";
/** How many times the task lists that output. */
let outputCount = 1;
let inFlight = 0;
let inFlightPeak = 0;
let api: Server;
let files: Server;
const MP4 = Buffer.from("00000018667479706d703432000000006d703432", "hex");

beforeAll(async () => {
  files = await serve((req, res) => {
    if (req.url === "/big") {
      // No content-length: the size shows only while reading.
      res.writeHead(200, { "content-type": "video/mp4" });
      const chunk = Buffer.alloc(64 * 1024);
      let n = 0;
      const push = () => {
        while (n++ < 64) if (!res.write(chunk)) return void res.once("drain", push);
        res.end();
      };
      return push();
    }
    if (req.url === "/gone") return void res.writeHead(404).end();
    // Headers, then nothing: a stalled download.
    if (req.url === "/stall") return void res.writeHead(200, { "content-type": "video/mp4" }).write("x");
    if (req.url === "/page.mp4") return void res.writeHead(200, { "content-type": "text/html" }).end("<html><script>alert(1)</script></html>");
    if (req.url === "/declared-big") return void res.writeHead(200, { "content-type": "video/mp4", "content-length": String(10 * 1024 * 1024) }).end();
    res.writeHead(200, { "content-type": "video/mp4" });
    res.end(MP4);
  });
  api = await serve((req, res) => {
    req.resume();
    if (req.url === "/slow.mp4") {
      inFlight++;
      inFlightPeak = Math.max(inFlightPeak, inFlight);
      return void setTimeout(() => {
        inFlight--;
        res.writeHead(200, { "content-type": "video/mp4" }).end(MP4);
      }, 50);
    }
    if (req.url?.startsWith("/redirect"))
      return void res.writeHead(302, { location: new URL(req.url, api.url).searchParams.get("to") ?? "http://169.254.169.254/latest/meta-data/iam" }).end();
    const task = {
      id: "task_hostile",
      type: "video",
      status: "success",
      created_at: new Date().toISOString(),
      outputs: Array.from({ length: outputCount }, () => ({
        model: "sora-2",
        status: "success",
        progress: 100,
        url: outputUrl.startsWith("/") ? `${api.url}${outputUrl}` : outputUrl,
      })),
    };
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(task));
  });
});
afterAll(async () => {
  await api?.close();
  await files?.close();
});

let sent: Sent[];
beforeEach(() => {
  sent = [];
  outputCount = 1;
  inFlightPeak = 0;
  api.seen.length = 0;
  files.seen.length = 0;
});

const provider = (settings: Parameters<typeof createMonet>[0] = {}) =>
  createMonet({ apiKey: KEY, baseURL: api.url, fetch: recordingFetch(sent), pollIntervalMs: 50, ...settings });
/** The error the call ends with (a call that succeeds fails the test). */
const failure = (call: Promise<unknown>): Promise<Error> =>
  call.then(
    () => new Error("the call succeeded"),
    (e: unknown) => e as Error,
  );
const run = (settings?: Parameters<typeof createMonet>[0]) => failure(generateVideo({ model: provider(settings).video("sora-2"), prompt: "x", maxRetries: 0 }));
const requested = (host: string) => sent.filter((s) => new URL(s.url).host === host);

test("a plain-http output on a foreign host is refused before any request", async () => {
  outputUrl = "http://example.com/x.mp4";
  const e = await run();
  expect(e).toBeInstanceOf(MonetDownloadError);
  expect(e.message).toMatch(/^refused http:\/\/example\.com\/x\.mp4: plain http:/);
  expect(requested("example.com")).toEqual([]);
});

// The message said "unfinished, it goes on on Monet (billed ...)" of a task that had succeeded.
test("a download that fails after the task succeeded says so: the task is done, only fetching its output failed", async () => {
  outputUrl = `${files.url}/gone`;
  const e = await run();
  expect(e).toBeInstanceOf(MonetDownloadError);
  expect(e.message).toContain("This call created Monet task task_hostile (sora-2), which succeeded: only fetching its outputs failed");
  expect(e.message).not.toContain("unfinished");
});

test("a file: URL is refused", async () => {
  outputUrl = "file:///etc/passwd";
  const e = await run();
  expect(e).toBeInstanceOf(MonetDownloadError);
  expect(e.message).toContain("refused a file: URL");
});

test("an API on a public https origin cannot point the provider at loopback or private addresses", async () => {
  // The API is https://api.monet.test, answered by the loopback server through the fetch below.
  const viaLoopback: typeof fetch = (input, init) => recordingFetch(sent)(String(input).replace("https://api.monet.test", api.url), init);
  for (const url of [
    `${files.url}/x.mp4`,
    "http://10.0.0.5/x.mp4",
    "https://192.168.1.10/x.mp4",
    "https://[::1]/x.mp4",
    "https://metadata.google.internal/x",
    "http://169.254.169.254/latest/meta-data/",
    "https://10.0.0.5/x.mp4",
    "https://[::ffff:127.0.0.1]/x.mp4",
    "data:video/mp4;base64,AAAAGGZ0eXA=",
    "https://user:pass@files.monet.test/x.mp4",
    // The API's own origin is allowed, but not where its redirect leads.
    `https://api.monet.test/redirect/x.mp4?to=${encodeURIComponent(`${files.url}/x.mp4`)}`,
  ]) {
    outputUrl = url;
    sent.length = 0;
    const e = await failure(
      generateVideo({
        model: createMonet({ apiKey: KEY, baseURL: "https://api.monet.test", fetch: viaLoopback, pollIntervalMs: 50 }).video("sora-2"),
        prompt: "x",
        maxRetries: 0,
      }),
    );
    expect(e, url).toBeInstanceOf(MonetDownloadError);
    expect(((e as MonetDownloadError).cause as { code?: string }).code, url).toBe("unsafe_url");
    expect(sent.map((s) => s.url).filter((u) => !u.startsWith(api.url))).toEqual([]);
  }
  expect(files.seen).toEqual([]);
});

test("a redirect to a private address is refused at that hop, not followed", async () => {
  outputUrl = "/redirect/x.mp4";
  const e = await run();
  expect(e).toBeInstanceOf(MonetDownloadError);
  expect(e.message).toMatch(/^redirect from http:\/\/127\.0\.0\.1:\d+\/redirect\/x\.mp4: refused its redirect target: a link-local/);
  expect(requested("169.254.169.254")).toEqual([]);
});

test("neither the API key nor the provider's headers go to the file host", async () => {
  outputUrl = `${files.url}/ok.mp4`;
  const { video } = (await generateVideo({ model: provider({ headers: { "x-team-secret": "s3cret" } }).video("sora-2"), prompt: "x" })) as {
    video: { uint8Array: Uint8Array };
  };
  expect(Buffer.from(video.uint8Array).equals(MP4)).toBe(true);
  expect(api.seen.every((r) => r.headers.authorization === `Bearer ${KEY}` && r.headers["x-team-secret"] === "s3cret")).toBe(true);
  expect(files.seen).toHaveLength(1);
  expect(files.seen[0].headers.authorization).toBeUndefined();
  expect(files.seen[0].headers["x-team-secret"]).toBeUndefined();
});

test("an output over maxDownloadBytes is cut off while reading (no length given) or refused (length given)", async () => {
  outputUrl = `${files.url}/big`;
  const streamed = await run({ maxDownloadBytes: 1024 * 1024 });
  expect(streamed).toBeInstanceOf(MonetDownloadError);
  expect(streamed.message).toContain("more than 1048576 bytes");
  outputUrl = `${files.url}/declared-big`;
  const declared = await run({ maxDownloadBytes: 1024 * 1024 });
  expect(declared.message).toContain("declares 10485760 bytes, more than 1048576");
});

test("a task listing 2,000 outputs is refused before any download: nothing held in memory", async () => {
  outputUrl = `${files.url}/x.mp4`;
  outputCount = 2000;
  const e = await run();
  expect(e.message).toMatch(/^Monet task task_hostile \(sora-2\) lists 2000 outputs; .* at most 8 in memory/);
  expect(files.seen).toEqual([]);
});

test("several outputs of one task download one at a time", async () => {
  outputUrl = "/slow.mp4";
  outputCount = 3;
  const r = await generateVideo({ model: provider().video("sora-2"), prompt: "x", maxRetries: 0 });
  expect(r.videos).toHaveLength(3);
  expect(inFlightPeak).toBe(1);
});

test("an output that is not a video (an HTML page at an .mp4 URL) is refused, naming the task, the output and what came", async () => {
  outputUrl = `${files.url}/page.mp4`;
  const e = await run();
  expect(e).toBeInstanceOf(MonetDownloadError);
  expect(e.message).toContain(
    `Output 0 of Monet task task_hostile is not a video: its first bytes are not MP4, QuickTime or WebM (${files.url} sent content-type "text/html", 38 bytes)`,
  );
  expect(e.message).toContain("which succeeded: only fetching its outputs failed");
});

/** What an AI SDK user has: createMonet's settings. The client's option names and the CLI's flags are not. */
const CLIENT_TERMS = /maxBytes \/|--max-bytes|allowOrigins|--base-url|stallTimeout|stallMinBytes/;

test("download errors name the provider's own settings, not the client's options or the CLI's flags", async () => {
  outputUrl = `${files.url}/big`;
  const streamed = await run({ maxDownloadBytes: 1024 * 1024 });
  outputUrl = `${files.url}/declared-big`;
  const declared = await run({ maxDownloadBytes: 1024 * 1024 });
  for (const e of [streamed, declared]) {
    expect(e.message).toContain("(raise createMonet({ maxDownloadBytes }))");
    expect(e.message).not.toMatch(CLIENT_TERMS);
  }
  // A loopback output from an API on a public origin.
  outputUrl = `${files.url}/x.mp4`;
  const viaLoopback: typeof fetch = (input, init) => fetch(String(input).replace("https://api.monet.test", api.url), init);
  const local = await failure(
    generateVideo({
      model: createMonet({ apiKey: KEY, baseURL: "https://api.monet.test", fetch: viaLoopback, pollIntervalMs: 50 }).video("sora-2"),
      prompt: "x",
    }),
  );
  expect(local.message).toContain("createMonet({ baseURL }) (or MONET_BASE_URL) names the one allowed origin");
  expect(local.message).not.toMatch(CLIENT_TERMS);
  // The provider keeps the client's stall rule (60 s); the client's message for it, met sooner here, in the provider's terms.
  const stalled = await openOutput(`${files.url}/stall`, { allowOrigins: [files.url], stallTimeout: 50 })
    .then((o) => new Response(o.body).arrayBuffer())
    .then(
      () => new Error("the download ended"),
      (e: unknown) => e as Error,
    );
  expect(stalled.message).toContain("each stallTimeout must bring");
  expect(ownTerms(stalled.message)).toMatch(/bytes arrived in 50 ms, fewer than the 16384 that must arrive in that time$/);
});
