// `pnpm dev`: serves the stateful mock, Prism and the docs on localhost for a clone that is
// already installed and built, prints their URLs, and stops everything cleanly on Ctrl-C.
// Ports: MONET_MOCK_PORT (4020), PRISM_PORT (4010), DOCS_PORT (4000).
import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { root } from "./run.mjs";
import { ensureDevNode } from "./node.mjs";

await ensureDevNode(); // on an older Node, everything below runs on the development Node instead

const services = [
  {
    name: "Stateful mock",
    port: Number(process.env.MONET_MOCK_PORT ?? 4020),
    command: (port) => [process.execPath, [path.join(root, "packages/mock/dist/cli.js"), "--port", String(port), "--quiet"]],
    note: "any monet_... key; put [fail] in a prompt for a failed task",
  },
  {
    name: "Prism mock",
    port: Number(process.env.PRISM_PORT ?? 4010),
    command: (port) => [path.join(root, "node_modules/.bin/prism"), ["mock", "-h", "127.0.0.1", "-p", String(port), "openapi/dist/openapi.yaml"]],
    note: "answers with the spec's examples",
  },
];
if (fs.existsSync(path.join(root, "scripts/serve-docs.mjs")))
  services.push({
    name: "Docs",
    port: Number(process.env.DOCS_PORT ?? 4000),
    command: (port) => [process.execPath, [path.join(root, "scripts/serve-docs.mjs"), "--port", String(port), "--watch"]],
    note: "API reference and model guide",
  });

const inUse = (port) =>
  new Promise((resolve) => {
    const s = net.createServer().once("error", () => resolve(true)).listen(port, "127.0.0.1", () => s.close(() => resolve(false)));
  });

for (const s of services)
  if (await inUse(s.port)) {
    console.error(`Port ${s.port} (${s.name}) is in use. Free it, or choose another port with the environment variable noted at the top of scripts/dev.mjs.`);
    process.exit(1);
  }

let stopping = false;
const children = [];
function stop(code = 0) {
  stopping = true;
  for (const c of children) c.kill("SIGTERM");
  process.exit(code);
}
process.on("SIGINT", () => stop(0));
process.on("SIGTERM", () => stop(0));

for (const s of services) {
  const [cmd, args] = s.command(s.port);
  const child = spawn(cmd, args, { cwd: root, stdio: ["ignore", "ignore", "inherit"] });
  child.on("exit", (code, signal) => {
    if (!stopping) {
      console.error(`${s.name} stopped (${code ?? signal}); shutting down.`);
      stop(1);
    }
  });
  children.push(child);
  console.log(`${s.name.padEnd(14)} http://127.0.0.1:${s.port}   ${s.note}`);
}
console.log("Press Ctrl-C to stop.");
