// Download routes of a hostile file server, for the safe-download tests of the client and the CLI:
// a real media file, a shell file, script under any content type, an endless body, a lying
// content-length, and redirects anywhere.
import http from "node:http";

export const PNG = Buffer.from("89504e470d0a1a0a0000000d4948445200000001000000010806000000", "hex");

/** Answers `/files/*` and returns true, or returns false for other paths. */
export function fileRoutes(req: http.IncomingMessage, res: http.ServerResponse): boolean {
  const u = new URL(req.url ?? "/", "http://127.0.0.1");
  const chunk = Buffer.alloc(64 * 1024, 0x41);
  switch (u.pathname) {
    case "/files/ok.png":
      res.writeHead(200, { "content-type": "image/png", "content-length": PNG.length });
      res.end(PNG);
      return true;
    case "/files/.bashrc":
    case "/files/evil.bashrc":
      // Not media: what lands on disk must not be named after the URL.
      res.writeHead(200, { "content-type": "text/plain", "content-disposition": 'attachment; filename=".bashrc"' });
      res.end("echo pwned\n");
      return true;
    case "/files/endless": {
      // No content-length, and bytes for as long as the reader keeps reading.
      res.writeHead(200, { "content-type": "video/mp4" });
      let open = true;
      res.on("close", () => (open = false));
      const pump = () => {
        while (open && res.write(chunk));
        if (open) res.once("drain", pump);
      };
      pump();
      return true;
    }
    case "/files/huge":
      // Declares 8 GiB, sends a little, then waits for the reader to give up.
      res.writeHead(200, { "content-type": "video/mp4", "content-length": String(8 * 1024 ** 3) });
      res.write(chunk);
      return true;
    case "/files/trickle": {
      // A byte now and then, for ever: every byte resets fetch's own body timeout.
      res.writeHead(200, { "content-type": "video/mp4" });
      const t = setInterval(() => res.write("x"), 50);
      res.on("close", () => clearInterval(t));
      return true;
    }
    case "/files/paced": {
      // `size` bytes every `every` ms, `count` times (for ever without one): a host that sends,
      // but slowly. No content-length.
      const [size, every, count] = ["size", "every", "count"].map((k) => Number(u.searchParams.get(k) ?? NaN));
      res.writeHead(200, { "content-type": "video/mp4" });
      let sent = 0;
      const t = setInterval(() => {
        res.write(Buffer.alloc(size, 0x41));
        if (++sent === count) {
          clearInterval(t);
          res.end();
        }
      }, every);
      res.on("close", () => clearInterval(t));
      return true;
    }
    case "/files/silent":
      // Headers never come.
      return true;
    case "/files/redirect":
      res.writeHead(302, { location: u.searchParams.get("to") ?? "/files/ok.png" });
      res.end();
      return true;
    case "/files/loop":
      res.writeHead(302, { location: "/files/loop" });
      res.end();
      return true;
    case "/files/page.png":
      // Lying content types: script served as a page, as SVG, or under a list of types.
      res.writeHead(200, { "content-type": u.searchParams.get("type") ?? "text/html", "access-control-allow-origin": "*" });
      res.end("<html><script>parent.__pwned = true; window.__pwned = true</script></html>");
      return true;
    case "/files/missing":
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("no");
      return true;
  }
  return false;
}

export async function startFileServer(): Promise<{ url: string; seen: http.IncomingHttpHeaders[]; close(): Promise<void> }> {
  // The headers of every request, to check what a client sends to a server it does not trust.
  const seen: http.IncomingHttpHeaders[] = [];
  const server = http.createServer((req, res) => {
    seen.push(req.headers);
    if (!fileRoutes(req, res)) res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as import("node:net").AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
