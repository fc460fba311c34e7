// A lying Monet API on loopback, reached as if it were public: the client is pointed at
// https://api.example.test and a fetch that routes that host (and https://files.example.test, a
// public file host it controls) to the loopback server. Every other URL the fetch is asked for is
// recorded and refused, so nothing leaves loopback even on code that would fetch it. The tasks
// the API answers point their outputs wherever a lying server would (SSRF targets).
import http from "node:http";
import type { AddressInfo } from "node:net";
import { fileRoutes } from "./hostile-files.js";

export const PUBLIC_API = "https://api.example.test";
export const PUBLIC_FILES = "https://files.example.test";

/** Output URLs a lying API may answer, by name; `files` is another loopback server (a local service). */
export const targets = (files: string): Record<string, string> => ({
  "another loopback port": `${files}/files/ok.png`,
  "cloud metadata": "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
  "a private https host": "https://10.0.0.5/x.png",
  "IPv4-mapped loopback": "https://[::ffff:127.0.0.1]/x.png",
  "a .internal name": "https://metadata.google.internal/computeMetadata/v1/",
  "file:": "file:///etc/hostname",
  "data:": "data:image/png;base64,iVBORw0KGgo=",
  "a redirect hop to loopback": `${PUBLIC_FILES}/files/redirect?to=${encodeURIComponent(`${files}/files/ok.png`)}`,
  "credentials in the URL": `https://user:pass@files.example.test/files/ok.png`,
});

export interface LyingApi {
  url: string;
  /** The URLs the routed fetch was asked for that it would not route (they would have left loopback, or hit a local service). */
  escaped: string[];
  /** Requests the loopback server saw, as `METHOD path`. */
  seen: string[];
  /** The fetch a client uses: the two public hosts go to the loopback server, `allow` prefixes pass, the rest is refused. */
  fetch(allow?: string[]): typeof fetch;
  /** The task the API answers for `GET /api/v1/tasks/<id>`: its one output points at `url`. */
  answer(url: string): void;
  close(): Promise<void>;
}

export async function startLyingApi(): Promise<LyingApi> {
  const seen: string[] = [];
  const escaped: string[] = [];
  let outputUrl = "";
  const server = http.createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    if (fileRoutes(req, res)) return;
    const task = {
      id: "task_lying",
      type: "image",
      status: "success",
      created_at: "2026-11-25T00:00:00Z",
      outputs: [{ model: "flux-2-dev", status: "success", progress: 100, url: outputUrl }],
    };
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(task));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    escaped,
    seen,
    answer: (u) => {
      outputUrl = u;
    },
    fetch:
      (allow = []) =>
      (input, init) => {
        const asked = String(input instanceof Request ? input.url : input);
        for (const host of [PUBLIC_API, PUBLIC_FILES]) if (asked.startsWith(`${host}/`)) return fetch(url + asked.slice(host.length), init);
        if (allow.some((a) => asked.startsWith(a))) return fetch(input, init);
        escaped.push(asked);
        return Promise.reject(new TypeError(`fetch failed (the test refuses ${asked})`));
      },
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
