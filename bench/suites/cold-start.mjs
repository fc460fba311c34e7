// Cold start: wall time of a fresh Node process that imports a package, next to bare `node`.
import { execFile, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { median, percentile, trimmedMean } from "../lib/report.mjs";

const benchDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

const cases = [
  { name: "bare node", code: "" },
  // The floor of any package: Node resolves a bare specifier and loads one empty module.
  { name: "an empty package", code: 'await import("bench-empty-package")' },
  // The floor of any two: the first two `exports` resolutions of a process each compile Node's
  // segment-check regex (interpreted, then native), about 2 ms and 1 ms here.
  { name: "two empty packages", code: 'await import("bench-empty-package"); await import("bench-empty-package-2")' },
  // What client + models resolve: the client imports `@monet-ai/models/errors` (one error class for
  // both), so three specifiers, the third a subpath of the second package.
  {
    name: "three empty specifiers",
    code: 'await import("bench-empty-package"); await import("bench-empty-package-2"); await import("bench-empty-package-2/sub")',
  },
  { name: "@monet-ai/client", code: 'await import("@monet-ai/client")' },
  { name: "@monet-ai/models", code: 'await import("@monet-ai/models")' },
  { name: "client + models", code: 'await import("@monet-ai/client"); await import("@monet-ai/models")' },
  { name: "replicate", code: 'await import("replicate")' },
  { name: "openai", code: 'await import("openai")' },
];

function once(code, cwd) {
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", code], { cwd, stdio: ["ignore", "ignore", "pipe"] });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0)
    throw new Error(
      r.stderr
        .toString()
        .split("\n")
        .find((l) => l.includes("Error")) ?? "import failed",
    );
  return ms;
}

/** The packages the rows import, and where the workspace has them, with their runtime dependencies (none of the peers has any). */
const installed = [
  ["@monet-ai/client", "node_modules/@monet-ai/client"],
  ["@monet-ai/models", "node_modules/@monet-ai/models"],
  ["eventsource-parser", "node_modules/@monet-ai/client/node_modules/eventsource-parser"],
  ["replicate", "node_modules/replicate"],
  ["openai", "node_modules/openai"],
];

/**
 * A folder laid out as `npm install` leaves it: each package a real folder in one flat
 * node_modules, holding what it publishes (its `files`). The workspace links packages through
 * symlinks (pnpm), whose resolution costs Node a `realpath` per link; the empty packages, the floor,
 * are real folders, so every row is measured the same way, the way most users install.
 */
function install() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "monet-cold-start-"));
  const modules = path.join(dir, "node_modules");
  for (const name of ["bench-empty-package", "bench-empty-package-2"]) emptyPackage(path.join(modules, name), name);
  for (const [name, where] of installed) {
    const from = fs.realpathSync(path.join(benchDir, where));
    const to = path.join(modules, name);
    const published = JSON.parse(fs.readFileSync(path.join(from, "package.json"), "utf8")).files;
    // Our packages publish `files` (dist); a peer from the registry holds only what it published.
    const entries = published?.every((f) => !f.includes("*")) ? ["package.json", ...published] : fs.readdirSync(from).filter((f) => f !== "node_modules");
    for (const e of entries) if (fs.existsSync(path.join(from, e))) fs.cpSync(path.join(from, e), path.join(to, e), { recursive: true });
  }
  return dir;
}

/** An empty package, so the floor resolves the way a real package does. */
function emptyPackage(dir, name) {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name, type: "module", exports: { ".": "./index.js", "./sub": "./sub.js" } }));
  for (const file of ["index.js", "sub.js"]) fs.writeFileSync(path.join(dir, file), "export {};\n");
}

export async function run({ quick }) {
  const cwd = install();
  try {
    const t = measure(cwd, quick);
    if (quick || !hasValgrind()) return t;
    const counts = await instructions(cwd);
    const bare = counts.get("bare node");
    for (const r of t.rows)
      if (counts.has(r.name))
        Object.assign(r, { "instructions (M)": counts.get(r.name) / 1e6, "instructions vs bare node": `${(counts.get(r.name) / bare).toFixed(3)}x` });
    t.how += ` Instructions: one run per row under valgrind's callgrind (every thread), V8's seeds fixed and its background work on the main thread (\`--hash-seed=1 --random-seed=1 --single-threaded\`), so a count repeats to about 0.01% whatever else the machine runs. It counts work wherever V8 does it, background compiling and collecting included, which a wall clock with idle cores hides: client + models read 1.24x in both where a quiet machine measured them, replicate 1.89x in instructions against 1.32x in wall time. Compare counts between builds within one run (the install folder's path length moves them by about 0.5%).`;
    t.columns.push("instructions (M)", "instructions vs bare node");
    return t;
  } finally {
    fs.rmSync(cwd, { recursive: true, force: true });
  }
}

const hasValgrind = () => spawnSync("valgrind", ["--version"]).status === 0;

/**
 * Instructions each row's process executes, from one run each (two at a time): wall time on a
 * shared 2-core machine swings by a third between runs of the same code (client + models read
 * 1.05x to 1.33x bare node in three runs of one afternoon); a count does not move.
 */
async function instructions(cwd) {
  const counts = new Map();
  const queue = [...cases];
  const one = async (c) => {
    const args = ["--tool=callgrind", "--callgrind-out-file=/dev/null", process.execPath, "--hash-seed=1", "--random-seed=1", "--single-threaded"];
    const r = await promisify(execFile)("valgrind", [...args, "--input-type=module", "-e", c.code], { cwd, maxBuffer: 1 << 26 }).catch((e) => e);
    const n = /Collected : (\d+)/.exec(r.stderr ?? "");
    if (!r.code && n) counts.set(c.name, Number(n[1]));
  };
  await Promise.all(
    [0, 1].map(async () => {
      while (queue.length) await one(queue.shift());
    }),
  );
  return counts;
}

function measure(cwd, quick) {
  const runs = quick ? 2 : 40;
  const times = new Map(cases.map((c) => [c.name, []]));
  const broken = new Map();
  for (const c of cases)
    for (let i = 0; i < 2; i++)
      try {
        once(c.code, cwd);
      } catch (e) {
        broken.set(c.name, e.message);
      } // warm the file cache
  // Interleave the cases so drift in machine load hits them all alike.
  for (let i = 0; i < runs; i++) for (const c of cases) if (!broken.has(c.name)) times.get(c.name).push(once(c.code, cwd));
  const rows = cases.map((c) =>
    broken.has(c.name)
      ? { name: c.name, "middle-half mean (ms)": "n/a", "median (ms)": "n/a", "p90 (ms)": "n/a", note: broken.get(c.name) }
      : {
          name: c.name,
          "middle-half mean (ms)": trimmedMean(times.get(c.name)),
          "median (ms)": median(times.get(c.name)),
          "p90 (ms)": percentile(times.get(c.name), 90),
        },
  );
  // Client + models are two packages: two empty ones show what Node itself costs for importing two.
  const floor = rows.find((r) => r.name === "two empty packages")["middle-half mean (ms)"];
  for (const r of rows) if (typeof r["middle-half mean (ms)"] === "number") r["vs two empty packages"] = `${(r["middle-half mean (ms)"] / floor).toFixed(2)}x`;
  return {
    title: "Cold start (fresh process, import only)",
    how: `${runs} interleaved runs per row after 2 warm-ups; wall time of \`node --input-type=module -e <import>\` in a folder laid out as \`npm install\` leaves it (each package a real folder holding what it publishes, in one flat node_modules); ratio of the means of each row's middle half (its fastest and slowest quarters left out, which a loaded machine makes uneven) against bare node.`,
    target:
      "@monet-ai/client + models <= 1.10x bare node (the issue's figure); beside it, the same against two empty packages, Node's own cost of importing two",
    baseline: "bare node",
    key: "middle-half mean (ms)",
    columns: ["name", "middle-half mean (ms)", "median (ms)", "p90 (ms)", "ratio", "vs two empty packages"],
    rows,
  };
}
