// Issue 21.1: a hostile server must not make `monet generate` / `monet wait` write outside --out,
// follow a planted symlink, fetch file:/data: URLs or another scheme after a redirect, or fill the
// disk. Each case runs the built CLI as a subprocess against a hostile loopback API.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, expect, test } from "vitest";
import { startHostileApi } from "./hostile-api.ts";
import { monet } from "./run.ts";

let api: Awaited<ReturnType<typeof startHostileApi>>;
let root: string; // a stand-in for the file system: root/home/user is the cwd, root/home/user/out is --out
let home: string;
let out: string;

beforeAll(async () => {
  api = await startHostileApi();
});
afterAll(() => api?.close());
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "monet-hostile-"));
  home = path.join(root, "home", "user");
  out = path.join(home, "out");
  fs.mkdirSync(out, { recursive: true });
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

const env = () => ({ MONET_API_KEY: "monet_cli_test", MONET_BASE_URL: api.url });
const run = (args: string[]) => monet(args, { cwd: home, env: env() });

/** Every file under root, as paths relative to root. */
function files(dir = root): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((d) => !d.isDirectory())
    .map((d) => path.relative(root, path.join(d.parentPath, d.name)))
    .sort();
}
const SAFE = /^home\/user\/out\/[A-Za-z0-9][A-Za-z0-9._-]*\.(png|jpg|webp|gif|mp4|webm|mov|mp3|wav|m4a|bin)$/;

// A streamed task's id is the server's own: one no call can follow (a path, `..`) is refused at
// once, before anything is downloaded or written, naming it (exit 1: the server broke the
// contract; no command re-attaches, the same create meets the same id: refused-task-id.test.ts).
test.each([
  ["traversal", "an id of ../../ and an output served as .bashrc", "../../"],
  ["traversal-x", "an id of ../../x", "../../x"],
  ["x", "the default stream, an id of ../../x", "../../x"],
])("generate %s (%s) is refused, naming the id; nothing is written anywhere", async (scenario, _what, id) => {
  const before = api.requests.length;
  const r = await run(["generate", "image", "--model", "flux-2-dev", "--prompt", scenario, "--out", "out"]);
  expect(r.code, r.stderr).toBe(1);
  expect(r.stderr).toContain(`the event stream named task id ${JSON.stringify(id)}, which no call can follow`);
  expect(r.stdout).toBe("");
  expect(files()).toEqual([]);
  expect(api.requests.slice(before).filter((q) => q.includes("/files/"))).toEqual([]);
});

// An id any call can follow may still name a dotfile, and the output be served as `.bashrc`.
test("generate dot-id (an id of .bashrc and an output served as .bashrc) saves inside --out under a clean name", async () => {
  const r = await run(["generate", "image", "--model", "flux-2-dev", "--prompt", "dot-id", "--out", "out"]);
  expect(r.code, r.stderr).toBe(0);
  expect(files()).toEqual(["home/user/out/bashrc.bin"]);
  expect(files()[0]).toMatch(SAFE);
  expect(r.stdout).toContain(`saved ${path.join("out", "bashrc.bin")}`);
});

test.each([["dotfile", "an output served as .bashrc", "dotfile.bin"]])("wait %s (%s) saves inside --out under a clean name", async (scenario, _what, name) => {
  const r = await run(["wait", scenario, "--out", "out"]);
  expect(r.code, r.stderr).toBe(0);
  expect(files()).toEqual([`home/user/out/${name}`]);
  expect(files()[0]).toMatch(SAFE);
  expect(r.stdout).toContain(`saved ${path.join("out", name)}`);
});

test.each([
  ["file-url", /refused a file: URL/],
  ["data-url", /refused a data: URL/],
  ["redirect-scheme", /redirect.*refused its redirect target: only http: and https: outputs are fetched/],
])("wait %s: refused with a clear line, nothing written", async (scenario, message) => {
  const r = await run(["wait", scenario, "--out", "out"]);
  expect(r.code).toBe(1);
  // Progress lines (no terminal), then one error line.
  const errors = r.stderr
    .trim()
    .split("\n")
    .filter((l) => l.startsWith("error:"));
  expect(errors).toHaveLength(1);
  expect(errors[0]).toMatch(message);
  expect(files()).toEqual([]);
});

test("a redirect on the same rules is followed", async () => {
  const r = await run(["wait", "redirect-ok", "--out", "out"]);
  expect(r.code, r.stderr).toBe(0);
  expect(files()).toEqual(["home/user/out/redirect-ok.png"]);
});

test("an endless body stops at --max-bytes and leaves no partial file", async () => {
  const r = await run(["wait", "endless", "--out", "out", "--max-bytes", "1000000"]);
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(/more than 1000000 bytes/);
  expect(files()).toEqual([]);
});

// Against Prism the output URLs are the spec's example host, off the machine: the `wait` a failed
// download names fails the same way there, so the error also names the flag that prints the URLs.
test("an output host that cannot be reached names the wait that saves it and --no-download, which prints its URL", async () => {
  const r = await run(["generate", "image", "--model", "flux-2-dev", "--prompt", "unreachable", "--out", "out"]);
  expect(r.code, r.stderr).toBe(1);
  expect(r.stderr).toMatch(/task task_unreach succeeded, but its outputs were not saved: could not download http:\/\/127\.0\.0\.1:2\/out\.png/);
  expect(r.stderr).toContain("with --no-download in place of --out");
  const resume = r.stderr.trim().split("\n").at(-1)!;
  expect(resume).toMatch(/ wait task_unreach --out out$/);
  const urls = await run(["wait", "unreachable", "--no-download"]);
  expect(urls.code, urls.stderr).toBe(0);
  expect(urls.stdout).toContain("http://127.0.0.1:2/out.png");
  expect(files()).toEqual([]);
});

test("a declared size over the default cap (2 GiB) is refused before reading", async () => {
  const r = await run(["wait", "huge", "--out", "out"]);
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(/8589934592 bytes.*more than 2147483648/);
  expect(files()).toEqual([]);
});

test("a symlink planted in --out is never followed; the file is not overwritten", async () => {
  const victim = path.join(root, "victim.txt");
  fs.writeFileSync(victim, "precious");
  fs.symlinkSync(victim, path.join(out, "symlink.png"));
  const r = await run(["wait", "symlink", "--out", "out"]);
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(/out\/symlink\.png already exists/);
  expect(fs.readFileSync(victim, "utf8")).toBe("precious");
  expect(fs.lstatSync(path.join(out, "symlink.png")).isSymbolicLink()).toBe(true);
  expect(files()).toEqual(["home/user/out/symlink.png", "victim.txt"]);
});

// The API on a public origin (https://api.example.test, routed to the loopback server by a fetch
// preloaded into the CLI): its outputs may not point at the user's machine or network.
const publicEnv = () => ({
  MONET_API_KEY: "monet_cli_test",
  MONET_BASE_URL: "https://api.example.test",
  MONET_TEST_ROUTE: api.url,
  NODE_OPTIONS: `--import=${path.join(import.meta.dirname, "public-api-route.mjs")}`,
});
test.each([
  ["ssrf-loopback", /refused http:\/\/127\.0\.0\.1:\d+\/files\/ok\.png: a loopback or private host/],
  ["ssrf-metadata", /refused http:\/\/169\.254\.169\.254\/latest\/meta-data\/iam\/security-credentials\/: a link-local/],
  ["ssrf-private", /refused https:\/\/10\.0\.0\.5\/x\.png: a loopback or private host/],
  ["ssrf-mapped", /refused https:\/\/\[::ffff:7f00:1\]\/x\.png: a loopback or private host/],
  ["ssrf-redirect", /redirect from https:\/\/files\.example\.test\/files\/redirect: refused its redirect target: a loopback or private host/],
  ["ssrf-credentials", /refused https:\/\/files\.example\.test\/files\/ok\.png: credentials/],
  ["file-url", /refused a file: URL/],
  ["data-url", /refused a data: URL/],
])("against a public API, wait %s is refused before the output is fetched", async (scenario, message) => {
  api.requests.length = 0;
  const r = await monet(["wait", scenario, "--out", "out"], { cwd: home, env: publicEnv() });
  expect(r.code, r.stderr).toBe(1);
  expect(r.stderr).not.toContain("TEST-ESCAPED");
  expect(r.stderr).toMatch(message);
  expect(r.stderr).toMatch(/allowed origins: https:\/\/api\.example\.test|only http: and https:|credentials/);
  expect(api.requests.filter((q) => q.includes("/files/") && !q.includes("/files/redirect"))).toEqual([]);
  expect(files()).toEqual([]);
});
