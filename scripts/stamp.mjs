// A step whose inputs have not changed since it last succeeded is skipped: `npm start` on a clone
// that is already installed, generated, built and documented takes seconds, not minutes.
// A stamp is the hash of the step's input files (paths and bytes), kept in .cache/steps/.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { root } from "./run.mjs";

const SKIP = new Set(["node_modules", "dist", ".cache", ".tmp", ".git", "screenshots"]);

function* files(dir, p) {
  const full = path.join(dir, p);
  if (!fs.existsSync(full)) return;
  if (!fs.statSync(full).isDirectory()) return yield p;
  for (const e of fs.readdirSync(full).sort()) if (!SKIP.has(e)) yield* files(dir, path.join(p, e));
}

function hash(dir, inputs) {
  const h = crypto.createHash("sha256");
  for (const input of inputs) for (const f of files(dir, input)) h.update(`${f}\0`).update(fs.readFileSync(path.join(dir, f)));
  return h.digest("hex");
}

/**
 * Runs `step()` (and returns true) unless `inputs` (paths, folders walked) hash as they did after
 * its last success and every `outputs` path exists.
 * @param {string} name
 * @param {{ inputs: string[], outputs?: string[], dir?: string }} spec
 * @param {() => unknown} step
 */
export function unlessUpToDate(name, { inputs, outputs = [], dir = root }, step) {
  const file = path.join(dir, ".cache/steps", `${name}.sha256`);
  const fresh = fs.existsSync(file) && fs.readFileSync(file, "utf8") === hash(dir, inputs) && outputs.every((o) => fs.existsSync(path.join(dir, o)));
  if (fresh) return false;
  step();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // Hashed after the step: it may change its own inputs (generate writes files that build reads).
  fs.writeFileSync(file, hash(dir, inputs));
  return true;
}
