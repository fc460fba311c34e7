// One test file's bench: a real mock API on a free loopback port and a temporary folder for the
// CLI to run in, made before the file's tests and removed after them, and the environment that
// points the CLI at that mock with a key of the file's own. What each test proves stays in it.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { type MockOptions, type MockServer, startMockServer } from "@monet-ai/mock";
import { afterAll, beforeAll } from "vitest";

export interface MockBench {
  /** The running mock (set before the file's first test). */
  readonly mock: MockServer;
  /** The temporary folder, removed after the file's last test. */
  readonly cwd: string;
  /** MONET_API_KEY (monet_cli_<name>) and MONET_BASE_URL (the mock), with `extra` over them. */
  env(extra?: Record<string, string>): Record<string, string>;
}

/** Registers the bench's beforeAll and afterAll; `name` names its folder and key. */
export function mockBench(name: string, options: Omit<MockOptions, "port"> = {}): MockBench {
  let mock: MockServer | undefined;
  let cwd: string | undefined;
  beforeAll(async () => {
    mock = await startMockServer({ ...options, port: 0 });
    cwd = fs.mkdtempSync(path.join(os.tmpdir(), `monet-cli-${name}-`));
  });
  afterAll(async () => {
    await mock?.close();
    if (cwd) fs.rmSync(cwd, { recursive: true, force: true });
  });
  const ready = <T>(v: T | undefined, what: string): T => {
    if (v === undefined) throw new Error(`mockBench(${name}).${what} is read before its beforeAll ran`);
    return v;
  };
  return {
    get mock() {
      return ready(mock, "mock");
    },
    get cwd() {
      return ready(cwd, "cwd");
    },
    env: (extra = {}) => ({ MONET_API_KEY: `monet_cli_${name.replace(/\W/g, "_")}`, MONET_BASE_URL: ready(mock, "mock").url, ...extra }),
  };
}
