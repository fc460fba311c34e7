// A fault-injecting HTTP proxy on loopback, between a client and the stateful mock. Each request
// gets an action from the schedule; `pass` forwards it untouched. It records what reached the
// upstream so tests can tell "never sent" from "sent and lost".
import http from "node:http";
import type { AddressInfo } from "node:net";

export type Fault =
  | "pass"
  | "reset-before" // the connection drops before the request reaches the server
  | "reset-after" // the server handles the request, then the connection drops before the answer
  | "delay" // the answer comes after `delayMs` (past the client's timeout)
  | "429"
  | "429-retry-after"
  | "500"
  | "502"
  | "503"
  | "truncate" // the server's answer is cut in the middle of the body
  | "cut-stream" // an SSE answer is cut after a few bytes of events
  | "slow-upload" // the request body trickles to the server
  | "html" // a proxy in between answers with an HTML page
  | "empty" // 200 with an empty body
  | "status-418" // a status the spec does not know
  | "unknown-status"; // a task status this client has never heard of (forward compatibility)

export interface FaultProxy {
  url: string;
  /** Requests seen, with the fault applied to each. */
  log: { method: string; path: string; fault: Fault; reachedUpstream: boolean }[];
  setSchedule(next: (req: http.IncomingMessage, n: number) => Fault): void;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startFaultProxy(upstream: string, opts: { delayMs?: number } = {}): Promise<FaultProxy> {
  const target = new URL(upstream);
  let schedule: (req: http.IncomingMessage, n: number) => Fault = () => "pass";
  let n = 0;
  const log: FaultProxy["log"] = [];
  const sockets = new Set<import("node:net").Socket>();

  const server = http.createServer(async (req, res) => {
    const fault = schedule(req, n++);
    const entry = { method: req.method ?? "GET", path: req.url ?? "/", fault, reachedUpstream: false };
    log.push(entry);
    const answer = (status: number, body: string, headers: Record<string, string> = {}) => {
      req.resume();
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(body);
    };
    switch (fault) {
      case "reset-before":
        return req.socket.destroy();
      case "429":
        return answer(429, JSON.stringify({ error: { code: "rate_limited", message: "slow down" } }));
      case "429-retry-after":
        return answer(429, JSON.stringify({ error: { code: "rate_limited", message: "slow down" } }), { "retry-after": "0" });
      case "500":
      case "502":
      case "503":
        return answer(Number(fault), JSON.stringify({ error: { code: "internal_error", message: "boom" } }));
      case "html":
        return answer(502, "<html><body><h1>502 Bad Gateway</h1></body></html>", { "content-type": "text/html" });
      case "status-418":
        return answer(418, "I'm a teapot", { "content-type": "text/plain" });
    }
    const up = http.request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } },
      async (upRes) => {
        entry.reachedUpstream = true;
        if (fault === "reset-after") {
          upRes.resume();
          upRes.on("end", () => req.socket.destroy());
          return;
        }
        if (fault === "empty") {
          upRes.resume();
          res.writeHead(200, { "content-type": "application/json", "content-length": "0" });
          return res.end();
        }
        if (fault === "delay") await sleep(opts.delayMs ?? 2_000);
        if (fault === "unknown-status") {
          const chunks: Buffer[] = [];
          try {
            for await (const c of upRes) chunks.push(c as Buffer);
          } catch {
            return res.socket?.destroy();
          }
          const body = Buffer.concat(chunks)
            .toString("utf8")
            .replace(/"status":"(pending|processing)"/g, '"status":"queued"');
          res.writeHead(upRes.statusCode ?? 502, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
          return res.end(body);
        }
        if (fault === "truncate" || fault === "cut-stream") {
          const headers = { ...upRes.headers };
          delete headers["content-length"];
          res.writeHead(upRes.statusCode ?? 502, headers);
          let sent = 0;
          upRes.on("data", (chunk: Buffer) => {
            if (sent > 40) return;
            const part = chunk.subarray(0, Math.max(1, Math.min(chunk.length, 41 - sent)));
            sent += part.length;
            res.write(part);
            if (sent > 40) setTimeout(() => res.socket?.destroy(), 5);
          });
          upRes.on("end", () => res.socket?.destroy());
          return;
        }
        res.writeHead(upRes.statusCode ?? 502, upRes.headers);
        upRes.pipe(res);
      },
    );
    up.on("error", () => res.socket?.destroy());
    res.on("close", () => up.destroy());
    if (fault === "slow-upload") {
      // A client that gives up mid-upload ends the loop with "aborted": pass that on, not throw it.
      try {
        for await (const chunk of req) {
          for (let i = 0; i < chunk.length; i += 16 * 1024) {
            up.write(chunk.subarray(i, i + 16 * 1024));
            await sleep(1);
          }
        }
        up.end();
      } catch {
        up.destroy();
      }
    } else req.pipe(up);
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    log,
    setSchedule(next) {
      schedule = next;
      n = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A small seeded PRNG (mulberry32), so a failing schedule can be replayed from its seed. */
export function seeded(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
