// Offline (or with the registry out of reach) on a Node older than `.node-version`, `npm start`
// and `npm test` cannot fetch the development Node: they say how to go on, in one message, not
// with a stack trace from scripts/node.mjs.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, expect, test } from "vitest";
import { repoRoot } from "../support/seed.ts";

const version = "0.0.1"; // never fetched: the registry below answers nothing
afterAll(() => fs.rmSync(path.join(repoRoot, ".cache/node", version), { recursive: true, force: true }));

test("a Node that cannot be fetched is explained (install it yourself, or reach the registry), without a stack trace, and leaves no half-made folder", () => {
  // Port 9 on loopback (discard) refuses the connection: as offline, without leaving the machine.
  const env = { ...process.env, npm_config_registry: "http://127.0.0.1:9/", npm_config_fetch_retries: "0", npm_config_offline: "false" };
  const r = spawnSync(process.execPath, [path.join(repoRoot, "scripts/node.mjs"), version], { cwd: repoRoot, env, encoding: "utf8", timeout: 120_000 });
  expect(r.status).toBe(1);
  expect(r.stderr).toContain(`Could not fetch Node ${version} from the npm registry`);
  expect(r.stderr).toContain(`install Node ${version} yourself`);
  expect(r.stderr).toContain("npm_config_registry");
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(fs.existsSync(path.join(repoRoot, ".cache/node", version))).toBe(false);
}, 150_000);
