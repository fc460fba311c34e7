// `pnpm dev` refuses before it starts anything, saying what to do: on a clone that is not
// installed or built (it used to print its URLs, then crash on a spawn ENOENT), and when ports
// are taken (every busy port, each with the variable that moves it).
import { execFile } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, expect, test } from "vitest";
import { repoRoot } from "../support/seed.ts";

const run = promisify(execFile);
const cleanups: (() => void)[] = [];
afterAll(() => {
  for (const c of cleanups) c();
});

/** Runs scripts/dev.mjs from `root` and returns its exit code and stderr. */
async function dev(root: string, env: Record<string, string>) {
  return run(process.execPath, [path.join(root, "scripts/dev.mjs"), "--only", "mock,prism"], {
    cwd: root,
    env: { ...process.env, ...env },
    timeout: 60_000,
  }).then(
    (r) => ({ code: 0, out: r.stdout, err: r.stderr }),
    (e: { code?: number; stdout?: string; stderr?: string }) => ({ code: e.code, out: e.stdout ?? "", err: e.stderr ?? "" }),
  );
}

/** A port held by a listener of this test. */
async function heldPort() {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  cleanups.push(() => server.close());
  return (server.address() as net.AddressInfo).port;
}

test("`pnpm dev` on a clone that is neither installed nor built names what is missing and the command that makes it, and serves nothing", async () => {
  // A fresh clone's layout: the scripts and manifests, no node_modules, no dist.
  const clone = fs.mkdtempSync(path.join(os.tmpdir(), "monet-dev-clone-"));
  cleanups.push(() => fs.rmSync(clone, { recursive: true, force: true }));
  fs.cpSync(path.join(repoRoot, "scripts"), path.join(clone, "scripts"), { recursive: true });
  for (const f of ["package.json", ".node-version"]) fs.copyFileSync(path.join(repoRoot, f), path.join(clone, f));
  const r = await dev(clone, { MONET_MOCK_PORT: String(await heldPort()), PRISM_PORT: String(await heldPort()) });
  expect(r.code).toBe(1);
  expect(r.err).toContain("packages/mock/dist/cli.js (not built)");
  expect(r.err).toContain("node_modules/.bin/prism (not installed)");
  expect(r.err).toContain("npm start");
  expect(r.out).not.toContain("http://127.0.0.1");
}, 90_000);

test("`pnpm dev` with two ports taken names both, each with the variable that moves it", async () => {
  const [mock, prism] = [await heldPort(), await heldPort()];
  const r = await dev(repoRoot, { MONET_MOCK_PORT: String(mock), PRISM_PORT: String(prism) });
  expect(r.code).toBe(1);
  expect(r.err).toContain(`Port ${mock} (Stateful mock) is in use: free it, or choose another with MONET_MOCK_PORT`);
  expect(r.err).toContain(`Port ${prism} (Prism mock) is in use: free it, or choose another with PRISM_PORT`);
  expect(r.out).not.toContain("http://127.0.0.1");
}, 90_000);
