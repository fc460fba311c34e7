// `pnpm dev`: serves the stateful mock, Prism and the docs on localhost for a clone that is
// already installed and built, prints their URLs, and stops everything cleanly on Ctrl-C.
// Ports: MONET_MOCK_PORT (4020), PRISM_PORT (4010), DOCS_PORT (4000). `--only mock,prism` serves
// a subset (service ids: mock, prism, docs).
import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { parseArgs } from "node:util";
import { ensureDevNode } from "./node.mjs";
import { root } from "./run.mjs";

await ensureDevNode(); // on an older Node, everything below runs on the development Node instead

const services = [
  {
    id: "mock",
    name: "Stateful mock",
    portVariable: "MONET_MOCK_PORT",
    port: Number(process.env.MONET_MOCK_PORT ?? 4020),
    needs: { "packages/mock/dist/cli.js": "not built" },
    command: (port) => [
      process.execPath,
      [path.join(root, "packages/mock/dist/cli.js"), "--port", String(port), "--quiet", "--docs-url", `http://127.0.0.1:${process.env.DOCS_PORT ?? 4000}`],
    ],
    note: "any monet_... key; put [fail] in a prompt for a failed task",
  },
  {
    id: "prism",
    name: "Prism mock",
    portVariable: "PRISM_PORT",
    port: Number(process.env.PRISM_PORT ?? 4010),
    needs: { "node_modules/.bin/prism": "not installed" },
    command: (port) => [path.join(root, "node_modules/.bin/prism"), ["mock", "-h", "127.0.0.1", "-p", String(port), "openapi/dist/openapi.yaml"]],
    note: "answers with the spec's examples",
  },
];
if (fs.existsSync(path.join(root, "scripts/serve-docs.mjs")))
  services.push({
    id: "docs",
    name: "Docs",
    portVariable: "DOCS_PORT",
    port: Number(process.env.DOCS_PORT ?? 4000),
    needs: { "node_modules/.bin/redocly": "not installed" },
    command: (port) => [process.execPath, [path.join(root, "scripts/serve-docs.mjs"), "--port", String(port), "--watch"]],
    note: "API reference and model guide",
  });

const only = parseArgs({ options: { only: { type: "string" } }, strict: false }).values.only?.split(",");
if (only) services.splice(0, services.length, ...services.filter((s) => only.includes(s.id)));

const inUse = (port) =>
  new Promise((resolve) => {
    const s = net
      .createServer()
      .once("error", () => resolve(true))
      .listen(port, "127.0.0.1", () => s.close(() => resolve(false)));
  });

// A clone that is not installed or built would print the URLs, then crash on a missing file:
// say what is missing and the command that makes it, before starting anything.
const missing = services.flatMap((s) => Object.entries(s.needs).filter(([file]) => !fs.existsSync(path.join(root, file))));
if (missing.length) {
  console.error(
    `pnpm dev serves an installed and built clone; this one lacks:\n${missing.map(([file, why]) => `  ${file} (${why})\n`).join("")}` +
      "Run `npm start` (installs, generates, builds, then serves), or `pnpm install` then `pnpm build`.",
  );
  process.exit(1);
}

// Every busy port at once, each with the variable that moves it.
const busy = [];
for (const s of services) if (await inUse(s.port)) busy.push(s);
if (busy.length) {
  for (const s of busy)
    console.error(
      `Port ${s.port} (${s.name}) is in use: free it, or choose another with ${s.portVariable} (e.g. ${s.portVariable}=${s.port + 1000} npm start).`,
    );
  process.exit(1);
}

let stopping = false;
const children = [];
// Each service runs in its own process group, so stopping it stops whatever it forked too.
const killGroup = (pid, signal = "SIGTERM") => {
  try {
    process.kill(-pid, signal);
  } catch {}
};
function stop(code = 0) {
  stopping = true;
  for (const c of children) killGroup(c.pid);
  process.exit(code);
}
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => stop(0));
process.on("exit", () => {
  for (const c of children) killGroup(c.pid);
});

for (const s of services) {
  const [cmd, args] = s.command(s.port);
  const child = spawn(cmd, args, { cwd: root, stdio: ["ignore", "ignore", "inherit"], detached: true });
  child.on("error", (err) => {
    console.error(`${s.name} could not start (${err.message}); shutting down.`);
    stop(1);
  });
  child.on("exit", (code, signal) => {
    if (!stopping) {
      console.error(`${s.name} stopped (${code ?? signal}); shutting down.`);
      stop(1);
    }
  });
  children.push(child);
  console.log(`${s.name.padEnd(14)} http://127.0.0.1:${s.port}   ${s.note}`);
}
// A parent killed outright (SIGKILL) runs no handler: a small watchdog stops the services then.
const watchdog = `const [parent, ...groups] = process.argv.slice(1).map(Number);
setInterval(() => { try { process.kill(parent, 0); } catch { for (const g of groups) { try { process.kill(-g, "SIGTERM"); } catch {} } process.exit(0); } }, 500);`;
spawn(process.execPath, ["-e", watchdog, String(process.pid), ...children.map((c) => String(c.pid))], { stdio: "ignore", detached: true }).unref();
// Our own parent gone (npm, its shell, or the Node re-runner killed): stop too, not linger.
const parent = process.ppid;
setInterval(() => process.ppid !== parent && stop(0), 500).unref();
console.log("Press Ctrl-C to stop.");
