// A loopback proxy in front of the mock that enforces a steady rate limit (a token bucket) and
// answers 429 with Retry-After past it, recording when each request came and what it got.
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface LimitingProxy {
  url: string;
  log: { at: number; method: string; path: string; status: number }[];
  close(): Promise<void>;
}

export async function limitingProxy(target: string, opts: { perSecond: number; burst: number; retryAfter: number }): Promise<LimitingProxy> {
  const log: LimitingProxy["log"] = [];
  let tokens = opts.burst;
  let last = Date.now();
  const server = http.createServer((req, res) => {
    const now = Date.now();
    tokens = Math.min(opts.burst, tokens + ((now - last) / 1000) * opts.perSecond);
    last = now;
    const entry = { at: now, method: req.method ?? "GET", path: (req.url ?? "").split("?")[0], status: 0 };
    log.push(entry);
    if (tokens < 1) {
      entry.status = 429;
      req.resume();
      res.writeHead(429, { "content-type": "application/json", "retry-after": String(opts.retryAfter) });
      return res.end(JSON.stringify({ error: { code: "rate_limited", message: "Too many requests." } }));
    }
    tokens -= 1;
    const up = http.request(new URL(req.url ?? "/", target), { method: req.method, headers: req.headers }, (r) => {
      entry.status = r.statusCode ?? 0;
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    up.on("error", () => res.destroy());
    req.pipe(up);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const sockets = new Set<import("node:net").Socket>();
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    log,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        for (const s of sockets) s.destroy();
      }),
  };
}
