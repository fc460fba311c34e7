// Node's http (and Express) adapter for the standard handler: the request body streams in and
// the response (uploads, server-sent events) streams out as it comes, with backpressure.
import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";

type NodeRequest = IncomingMessage & { originalUrl?: string };

export function toNodeHandler(handler: (request: Request) => Promise<Response>) {
  return async (req: NodeRequest, res: ServerResponse) => {
    const hasBody = req.method !== "GET" && req.method !== "HEAD";
    // A body parser mounted before the proxy has already read the stream: say so rather than
    // forward an empty body.
    if (hasBody && req.readableEnded) {
      res.writeHead(500, { "content-type": "application/json" }).end(JSON.stringify({ error: { code: "body_consumed", message: "The request body was already read: mount the Monet proxy before any body parser." } }));
      return;
    }
    const ctrl = new AbortController();
    res.on("close", () => ctrl.abort());
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined && !k.startsWith(":")) headers.set(k, Array.isArray(v) ? v.join(", ") : v);
    const scheme = (req.socket as { encrypted?: boolean }).encrypted ? "https" : "http";
    // Express strips its mount path from req.url; originalUrl keeps it (for the prefix option).
    const request = new Request(`${scheme}://${req.headers.host ?? "localhost"}${req.originalUrl ?? req.url ?? "/"}`, {
      method: req.method,
      headers,
      body: hasBody ? (Readable.toWeb(req) as ReadableStream) : undefined,
      signal: ctrl.signal,
      ...(hasBody ? { duplex: "half" } : {}),
    } as RequestInit);
    try {
      const response = await handler(request);
      const head: Record<string, string | string[]> = Object.fromEntries(response.headers);
      const cookies = response.headers.getSetCookie();
      if (cookies.length) head["set-cookie"] = cookies;
      res.writeHead(response.status, response.statusText || undefined, head);
      // Headers go out at once, so an event stream's client knows it is connected.
      res.flushHeaders();
      if (!response.body) return void res.end();
      await pipeline(Readable.fromWeb(response.body as import("node:stream/web").ReadableStream), res);
    } catch {
      if (!res.headersSent) res.writeHead(502, { "content-type": "application/json" }).end(JSON.stringify({ error: { code: "bad_gateway", message: "Monet could not be reached." } }));
      else res.destroy();
    }
  };
}
