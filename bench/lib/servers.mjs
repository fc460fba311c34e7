// Servers for the mock bench, each in its own process: a bare node:http server (the limit),
// the stateful mock and Prism. Each resolves to { url, close }.
import { fork, spawn } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");

const freePort = () =>
  new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

async function waitForPort(port, ms = 30_000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const ok = await new Promise((r) => {
      const c = net.connect(port, "127.0.0.1");
      c.once("connect", () => {
        c.destroy();
        r(true);
      });
      c.once("error", () => r(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`port ${port} never opened`);
}

export async function startForked(script, args = []) {
  const child = fork(path.join(here, script), args, { stdio: "ignore" });
  const port = await new Promise((resolve, reject) => {
    child.once("message", (m) => resolve(m.port));
    child.once("exit", (code) => reject(new Error(`${script} exited (${code})`)));
  });
  return { url: `http://127.0.0.1:${port}`, close: () => child.kill() };
}

export async function startPrism() {
  const port = await freePort();
  const child = spawn(
    path.join(root, "node_modules/.bin/prism"),
    ["mock", "-h", "127.0.0.1", "-p", String(port), path.join(root, "openapi/dist/openapi.yaml")],
    { stdio: "ignore" },
  );
  await waitForPort(port);
  return { url: `http://127.0.0.1:${port}`, close: () => child.kill() };
}
