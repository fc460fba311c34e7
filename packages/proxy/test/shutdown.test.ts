// SIGTERM on a deploy (audit s19-proxy F2): with the README's server.mjs the process died at once,
// an in-flight JSON call got nothing and an event stream was cut mid-way. With the README's
// recipe (closeGracefully), calls in flight finish, and a stream still open at the deadline is cut
// then, so the process always ends.
import { type ChildProcess, fork } from "node:child_process";
import http from "node:http";
import net, { type AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, beforeAll, expect, test } from "vitest";
import { rawRequest } from "./support/raw.ts";

const KEY = "monet_shutdown_SECRET_15";
const EVENT = (status: string) => `event: progress\ndata: {"event":"progress","task":{"id":"task_1","status":"${status}"}}\n\n`;
/** The chunked encoding's last chunk: the answer ended cleanly. */
const CLEAN_END = "\r\n0\r\n\r\n";

let arrived: () => void = () => {};
let finishJson: () => void = () => {};
let finishStream: () => void = () => {};
/** JSON and event-stream answers that finish when the test says; with X-Endless, a stream that never does. */
const upstream = http.createServer((req, res) => {
  req.resume();
  if (req.url === "/api/v1/tasks/list") {
    arrived();
    return void new Promise<void>((r) => (finishJson = r)).then(() => res.writeHead(200, { "content-type": "application/json" }).end('{"total":0}'));
  }
  res.writeHead(200, { "content-type": "text/event-stream" }).write(EVENT("processing"));
  if (req.headers["x-endless"] === undefined) void new Promise<void>((r) => (finishStream = r)).then(() => res.end(EVENT("completed")));
});
let baseUrl: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  await new Promise<void>((r) => upstream.listen(0, "127.0.0.1", r));
  baseUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
});
afterEach(() => {
  for (const c of children.splice(0)) c.kill("SIGKILL");
  upstream.closeAllConnections();
});
afterAll(() => new Promise((r) => upstream.close(r)));

async function proxy(timeout: number) {
  const child = fork(fileURLToPath(new URL("./support/shutdown-process.mjs", import.meta.url)), [JSON.stringify({ apiKey: KEY, baseUrl, timeout })], {
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  });
  children.push(child);
  const port = await new Promise<number>((r) => child.once("message", (p) => r(p as number)));
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  return { child, port, exited };
}
/** An event stream's request over a raw socket, resolved with what came once the first event is in. */
function stream(port: number, headers: string[] = []) {
  const socket = net.connect(port, "127.0.0.1");
  socket.write(
    ["POST /api/v1/tasks/sync HTTP/1.1", "Host: 127.0.0.1", "Content-Type: application/json", "Content-Length: 2", ...headers, "", "{}"].join("\r\n"),
  );
  let raw = "";
  socket.setEncoding("latin1").on("error", () => {});
  const first = new Promise<void>((r) =>
    socket.on("data", (c: string) => {
      raw += c;
      if (raw.includes("processing")) r();
    }),
  );
  const closed = new Promise<string>((r) => socket.on("close", () => r(raw)));
  return { first, closed };
}

test("on SIGTERM an in-flight JSON call and an event stream both finish, then the process exits 0", async () => {
  const { child, port, exited } = await proxy(20_000);
  const events = stream(port);
  await events.first;
  const listed = new Promise<void>((r) => (arrived = r));
  const json = fetch(`http://127.0.0.1:${port}/api/v1/tasks/list`).then(async (r) => [r.status, await r.text()]);
  await listed; // both calls are at the upstream
  const draining = new Promise((r) => child.once("message", r));
  child.kill("SIGTERM");
  await draining;
  // New connections are refused while draining.
  expect(await rawRequest(port, "GET /api/v1/tasks/list HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").then((a) => a.status)).toBe(0);
  finishJson();
  finishStream();
  expect(await json).toEqual([200, '{"total":0}']);
  const raw = await events.closed;
  expect(raw).toContain('"status":"completed"');
  expect(raw.endsWith(CLEAN_END)).toBe(true);
  expect(await exited).toBe(0);
});

test("an event stream still open at the drain's deadline is ended then with a last error event, and the process still exits 0", async () => {
  const { child, port, exited } = await proxy(300);
  const events = stream(port, ["X-Endless: 1"]);
  await events.first;
  child.kill("SIGTERM");
  expect(await exited).toBe(0);
  const raw = await events.closed;
  // The built package's two entries (the handler's stream, the adapter's shutdown) find each other.
  expect(raw).toContain('event: error\ndata: {"event":"error","error":{"code":"service_unavailable"');
  expect(raw.endsWith(CLEAN_END)).toBe(false);
});
