// A hostile API on a loopback port: each test says how it answers; it records what it was asked.
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface Server {
  url: string;
  seen: { path: string; headers: http.IncomingHttpHeaders }[];
  close(): Promise<void>;
}

export async function serve(handle: (req: http.IncomingMessage, res: http.ServerResponse) => void): Promise<Server> {
  const seen: Server["seen"] = [];
  const server = http.createServer((req, res) => {
    seen.push({ path: req.url ?? "", headers: req.headers });
    handle(req, res);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
