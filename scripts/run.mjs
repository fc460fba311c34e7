// Runs a command in the repo, inheriting stdio, and fails loudly. `pnpm` resolves to the pinned
// version, through npx when the machine has no (or another) pnpm: a fresh machine needs only Node.
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const pinned = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")).packageManager.split("@")[1];

let pnpmCommand;
export function pnpm() {
  if (pnpmCommand) return pnpmCommand;
  let onPath = false;
  try {
    onPath = execFileSync("pnpm", ["--version"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim() === pinned;
  } catch {}
  pnpmCommand = onPath ? ["pnpm"] : ["npx", "-y", `pnpm@${pinned}`];
  return pnpmCommand;
}

export function run(cmd, args, { allowFail = false, ...opts } = {}) {
  const [bin, ...pre] = cmd === "pnpm" ? pnpm() : [cmd];
  const r = spawnSync(bin, [...pre, ...args], { cwd: root, stdio: "inherit", ...opts });
  if (r.status !== 0 && !allowFail) {
    console.error(`\n✖ ${cmd} ${args.join(" ")} failed (exit ${r.status ?? r.signal})`);
    process.exit(r.status || 1);
  }
  return r;
}
