// Tables for the terminal and JSON for bench/results/: every row is a ratio against the
// baseline row measured in the same run, with the raw figure beside it.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** The mean of the middle half: steadier than the median when a loaded machine makes runs bimodal. */
export function trimmedMean(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.slice(Math.floor(s.length / 4), Math.ceil((s.length * 3) / 4));
  return mid.reduce((a, b) => a + b, 0) / mid.length;
}

export function percentile(xs, p) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}

const fmt = (v) => (typeof v === "number" ? (Number.isInteger(v) ? String(v) : v.toFixed(v < 10 ? 2 : 1)) : String(v ?? ""));

/**
 * @param {{ title: string, how: string, columns: string[], rows: Record<string, unknown>[], target?: string }} t
 */
export function printTable(t) {
  const widths = t.columns.map((c) => Math.max(c.length, ...t.rows.map((r) => fmt(r[c]).length)));
  const line = (cells) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(" | ")} |`;
  console.log(`\n### ${t.title}`);
  console.log(line(t.columns));
  console.log(`|${widths.map((w, i) => (i === 0 ? "-".repeat(w + 2) : `${"-".repeat(w + 1)}:`)).join("|")}|`);
  for (const r of t.rows) console.log(line(t.columns.map((c) => fmt(r[c]))));
  console.log(`_${t.how}${t.target ? ` Target: ${t.target}.` : ""}_`);
}

export function withRatio(rows, key, baselineName, ratioKey = "ratio") {
  const base = rows.find((r) => r.name === baselineName)?.[key];
  return rows.map((r) => ({ ...r, [ratioKey]: base && typeof r[key] === "number" ? `${(r[key] / base).toFixed(2)}x` : "n/a" }));
}

export function writeResults(dir, name, data) {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, `${name}.json`), `${JSON.stringify({ machine, date: new Date().toISOString(), ...data }, null, 2)}\n`);
}
