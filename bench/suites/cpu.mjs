// Client CPU per call: the overhead suite's create + get, against a fetch that answers at once
// (no socket). Over loopback the figure moves from one run to the next by more than the gap
// between SDKs (the socket's work, and each µs of client code costing several between undici's);
// in-process, what each SDK adds above the fetch it makes is what is left, and a second copy of
// our client shows how finely the run resolves it.

import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { cannedAnswer, cannedHeaders } from "../lib/canned.mjs";
import { median, percentile } from "../lib/report.mjs";
import { workloads as overheadWorkloads } from "./overhead.mjs";

// What the echo server answers, at once.
const stubFetch = async (url, init) => {
  const text = cannedAnswer(init?.method ?? "GET", new URL(String(url)).pathname);
  return new Response(text, { status: 200, headers: cannedHeaders(text) });
};

// The overhead suite's rows with a floor of their own (openai and fal make other exchanges, with
// none), and a second client of the same code as the like-for-like row, as a control.
const MEASURED = ["raw fetch", "raw fetch, replicate's calls", "@monet-ai/client", "@monet-ai/client, timeout: Infinity", "replicate"];
const CONTROL = "control: the row above again";
function workloads() {
  const rows = overheadWorkloads("http://127.0.0.1:9", stubFetch).filter((w) => MEASURED.includes(w.name));
  const likeForLike = rows.find((w) => w.name === "@monet-ai/client, timeout: Infinity");
  rows.splice(rows.indexOf(likeForLike) + 1, 0, { name: CONTROL, setup: likeForLike.setup });
  return rows;
}

async function measure({ quick }) {
  const rounds = quick ? 2 : Number(process.env.BENCH_ROUNDS ?? 40);
  const perRound = quick ? 10 : 1000;
  const warmup = quick ? 5 : 3000;
  const ready = [];
  const rows = [];
  for (const w of workloads()) {
    try {
      const calls = await w.setup();
      for (let i = 0; i < warmup; i++) {
        await calls.create();
        await calls.get();
      }
      ready.push({ name: w.name, calls, rounds: [] });
    } catch (e) {
      rows.push({ name: w.name, note: String(e.message).split("\n")[0] });
    }
  }
  // Rounds interleave the clients so that JIT warm-up and machine drift hit them all alike, each
  // round starting one client further on: the garbage one leaves is collected in the next one's time.
  for (let r = 0; r < rounds; r++)
    for (const c of [...ready.slice(r % ready.length), ...ready.slice(0, r % ready.length)]) {
      // CPU time, not wall time: what other processes take of a loaded machine is not counted.
      const t = process.cpuUsage();
      for (let i = 0; i < perRound; i++) {
        await c.calls.create();
        await c.calls.get();
      }
      const { user, system } = process.cpuUsage(t);
      c.rounds.push((user + system) / (2 * perRound));
    }
  const FLOOR = {
    "@monet-ai/client": "raw fetch",
    "@monet-ai/client, timeout: Infinity": "raw fetch",
    [CONTROL]: "raw fetch",
    replicate: "raw fetch, replicate's calls",
  };
  const roundsOf = (name) => ready.find((c) => c.name === name)?.rounds;
  for (const c of ready) {
    const row = { name: c.name, "per call (µs)": median(c.rounds) };
    const floor = roundsOf(FLOOR[c.name]);
    if (floor) {
      // Paired by round, so drift between rounds cancels: the median and middle half of the differences.
      const above = c.rounds.map((v, i) => v - floor[i]);
      row["above own floor (µs)"] = median(above);
      row["middle half"] = `${percentile(above, 25).toFixed(2)} to ${percentile(above, 75).toFixed(2)}`;
    }
    rows.push(row);
  }
  const order = workloads().map((w) => w.name);
  rows.sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name));
  return {
    title: "Client CPU per call (create + get, a fetch that answers at once)",
    how: `${rounds} rounds of ${perRound} sequential create+get pairs per client, clients interleaved by round (each round starting one client further on), after ${warmup} warm-up pairs each, in one process, CPU time of the process (process.cpuUsage); each SDK's fetch is a function that answers the echo server's bodies at once; "above own floor" pairs each round with the raw fetch of the same exchange; the control row is a second client of the same code.`,
    target:
      "@monet-ai/client, timeout: Infinity (like for like) at or below replicate, each above its own floor (the control row shows how finely the run resolves it)",
    baseline: "raw fetch",
    key: "per call (µs)",
    columns: ["name", "per call (µs)", "ratio", "above own floor (µs)", "middle half", "note"],
    rows,
  };
}

// Measured in a process of its own: in the bench's process, what earlier suites left (the
// overhead suite's connections, its garbage) moved every row by more than the gap it measures.
export async function run({ quick }) {
  const child = fork(fileURLToPath(import.meta.url), quick ? ["--quick"] : [], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const [table] = await new Promise((resolve, reject) => {
    child.once("message", (m) => resolve([m]));
    child.once("exit", (code) => reject(new Error(`the cpu suite's process ended (${code}) without a table`)));
  });
  child.kill();
  return table;
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.send) process.send(await measure({ quick: process.argv.includes("--quick") }));
