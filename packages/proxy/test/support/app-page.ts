// The app's own origin in a browser test: the client's bundle under /client/, the page's HTML at
// any other path (made when asked, so it may name ports known only after listening).
import http from "node:http";

export async function servePage(bundle: { read: (name: string) => Buffer | undefined }, html: () => string): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    if (req.url?.startsWith("/client/")) {
      const js = bundle.read(req.url);
      return js ? res.writeHead(200, { "content-type": "text/javascript" }).end(js) : res.writeHead(404).end();
    }
    res.writeHead(200, { "content-type": "text/html" }).end(html());
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return server;
}

/** Stops a test's servers, their open (keep-alive, streaming) connections too. */
export function closeServers(...servers: (http.Server | undefined)[]) {
  for (const server of servers) {
    server?.closeAllConnections();
    server?.close();
  }
}
