// Node versions of the project. Development, CI and the README's two commands run on the version in
// `.node-version` (Node 24 LTS); the published packages are tested on every supported line. A
// machine with an older Node fetches the wanted one from the npm registry (the `node` package)
// into `.cache/node/` inside the repository, once, and runs under it: any Node >= 20 suffices.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** The development version, e.g. "24.21.0" (also read by nvm, fnm and setup-node). */
export const devNode = fs.readFileSync(path.join(root, ".node-version"), "utf8").trim();

/** The Node lines the published packages promise (their `engines`), at exact tested versions. */
export const supportedNodes = { 20: "20.20.2", 22: "22.23.3", 24: devNode };

const major = (v) => Number(v.split(".")[0]);

/** The path of a Node binary of `version`, installed into .cache/node/<version> on first use. */
export function nodeBinary(version) {
  if (process.versions.node === version) return process.execPath;
  const dir = path.join(root, ".cache/node", version);
  const bin = path.join(dir, "node_modules/node/bin", process.platform === "win32" ? "node.exe" : "node");
  if (fs.existsSync(bin)) return bin;
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "package.json"), '{"private":true}\n');
  process.stderr.write(`Fetching Node ${version} from the npm registry into .cache/node/ (once)...\n`);
  // The `node` package's install script picks the binary of this platform; it must run.
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const r = spawnSync(npm, ["install", "--no-save", "--no-audit", "--no-fund", "--loglevel=error", "--foreground-scripts", `node@${version}`], {
    cwd: dir,
    stdio: ["ignore", "ignore", "inherit"],
  });
  if (r.status !== 0 || !fs.existsSync(bin)) {
    fs.rmSync(dir, { recursive: true, force: true }); // the next try starts clean
    throw new NodeFetchError(version, r.status);
  }
  return bin;
}

/** Offline, or the registry unreachable: says the two ways on, instead of a stack trace. */
export class NodeFetchError extends Error {
  constructor(version, npmExit) {
    super(
      `Could not fetch Node ${version} from the npm registry (npm exit ${npmExit}). Either install Node ${version} yourself ` +
        "(`.node-version` names it: `nvm install`, `fnm install`) and run the command again with it first on your PATH, " +
        "or reach the registry (online, or a mirror in `npm_config_registry`).",
    );
  }
}

/** Runs `fn`; a NodeFetchError ends the process with its message alone. */
function orExplain(fn) {
  try {
    return fn();
  } catch (e) {
    if (!(e instanceof NodeFetchError)) throw e;
    console.error(e.message);
    process.exit(1);
  }
}

/**
 * Re-runs this script under the development Node when the current one is an older major, with
 * that Node first on PATH (so pnpm, vitest and every tool below run on it). Signals reach the
 * child, and the child's exit code becomes ours. Returns only when already on the right Node.
 */
export async function ensureDevNode() {
  if (major(process.versions.node) >= major(devNode) || process.env.MONET_NODE_REEXEC) return;
  const bin = orExplain(() => nodeBinary(devNode));
  const env = { ...process.env, MONET_NODE_REEXEC: "1", PATH: `${path.dirname(bin)}${path.delimiter}${process.env.PATH}` };
  process.exit(await runChild(bin, [...process.execArgv, ...process.argv.slice(1)], env));
}

/**
 * Runs `bin args` in our place and resolves with its exit code. Signals are passed on, and when
 * our own parent goes away without one (npm killed, its terminal closed) the child is stopped too:
 * it must not outlive the command that started it, holding the ports of `npm start`.
 */
export async function runChild(bin, args, env = process.env) {
  const child = spawn(bin, args, { stdio: "inherit", env });
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => child.kill(signal));
  const parent = process.ppid;
  const watch = setInterval(() => process.ppid !== parent && child.kill("SIGTERM"), 500);
  watch.unref();
  const code = await new Promise((resolve) => child.on("exit", (c, s) => resolve(c ?? (s ? 128 + (s === "SIGINT" ? 2 : s === "SIGTERM" ? 15 : 1) : 1))));
  clearInterval(watch);
  return code;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  // `node scripts/node.mjs [version]` prints the bin folder of that Node (default: development).
  console.log(path.dirname(orExplain(() => nodeBinary(process.argv[2] ?? devNode))));
}
