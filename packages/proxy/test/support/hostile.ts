// A hostile Monet on loopback: it records what reaches it and answers whatever the test sets,
// and the built proxy in front of it in a child process (see proxy-process.mjs).
import { type ChildProcess, fork } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";

export interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
}

export async function hostileUpstream() {
  const seen: Seen[] = [];
  let answer: http.RequestListener = (_req, res) => res.writeHead(200, { "content-type": "application/json", "x-request-id": "req_1" }).end('{"ok":true}');
  const server = http.createServer((req, res) => {
    seen.push({ method: req.method!, url: req.url!, headers: req.headers });
    req.resume().on("end", () => answer(req, res));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    /** What the upstream answers from now on. */
    answer: (listener: http.RequestListener) => {
      answer = listener;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

export interface ProxyProcess {
  /** Port of http.createServer(toNodeHandler(proxy)). */
  plain: number;
  /** Port of createNodeServer(proxy) (0 when the package has none). */
  guarded: number;
  child: ChildProcess;
  /** Set when the process ended: what it wrote to stderr. */
  crashed: () => string | undefined;
  stop: () => void;
}

export async function proxyProcess(options: Record<string, unknown>): Promise<ProxyProcess> {
  const child = fork(fileURLToPath(new URL("./proxy-process.mjs", import.meta.url)), [JSON.stringify(options)], { stdio: ["ignore", "ignore", "pipe", "ipc"] });
  let stderr = "";
  let exited = false;
  child.stderr!.setEncoding("utf8").on("data", (c: string) => (stderr += c));
  child.on("exit", () => (exited = true));
  const ports = await new Promise<{ plain: number; guarded: number }>((resolve, reject) => {
    child.once("message", resolve);
    child.once("exit", (code) => reject(new Error(`the proxy process exited (${code}): ${stderr}`)));
  });
  return { ...ports, child, crashed: () => (exited ? stderr || "exited" : undefined), stop: () => void child.kill() };
}
