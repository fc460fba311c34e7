// `pnpm test:reliability`: the fault, bad-input, bad-response, secret and load suites, then their table.
import fs from "node:fs";
import path from "node:path";
import { root, run } from "./run.mjs";

fs.rmSync(path.join(root, ".tmp/reliability"), { recursive: true, force: true });
const r = run("pnpm", ["exec", "vitest", "run", "test/reliability"], { allowFail: true });
await import("./reliability-summary.mjs");
process.exit(r.status ?? 1);
