// `pnpm dev`: serves the mock servers on localhost for a clone that is already installed and
// built, prints their URLs, and stops everything cleanly on Ctrl-C.
import { spawn } from "node:child_process";
import path from "node:path";
import { root } from "./run.mjs";

const prismPort = Number(process.env.PRISM_PORT ?? 4010);
const children = [];

function start(name, cmd, args, url) {
  const child = spawn(cmd, args, { cwd: root, stdio: ["ignore", "ignore", "inherit"] });
  child.on("exit", (code, signal) => {
    if (!stopping) {
      console.error(`${name} stopped (${code ?? signal}); shutting down.`);
      stop(1);
    }
  });
  children.push(child);
  console.log(`${name.padEnd(14)} ${url}`);
}

let stopping = false;
function stop(code = 0) {
  stopping = true;
  for (const c of children) c.kill("SIGTERM");
  process.exit(code);
}
process.on("SIGINT", () => stop(0));
process.on("SIGTERM", () => stop(0));

start(
  "Prism mock",
  path.join(root, "node_modules/.bin/prism"),
  ["mock", "--host", "127.0.0.1", "--port", String(prismPort), "openapi/dist/openapi.yaml"],
  `http://127.0.0.1:${prismPort}`,
);
console.log("Press Ctrl-C to stop.");
