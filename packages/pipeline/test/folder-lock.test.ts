// The folder lock keeps a second run out (audit s15 F3). Two runPipeline calls in one process both
// ran: a lock holding our own pid was taken for a dead run's and removed, and the second run's
// manifest called 11 of 13 outputs "not written by this pipeline". And of 8 processes started at
// once against a dead run's lock, up to 3 ran: each read the dead pid, removed the lock (perhaps
// one another had just taken) and created its own.
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterEach, expect, test, vi } from "vitest";
import { runPipeline } from "../src/index.js";
import { type Bench, bench } from "./helpers.js";

let b: Bench;
afterEach(async () => b?.close());

const PIPELINE = `name: locked
items:
  - { id: a, p: x }
  - { id: b, p: y }
steps:
  still: { foreach: items, type: image, input: { model: flux-2-dev, prompt: "\${{ item.p }}" } }
`;

/** A pid no process has (above Linux's pid_max). */
const DEAD_PID = 99_999_999;

test("two runs in one process: the second is refused naming this process, the first runs to the end, and a later run gets in", async () => {
  b = await bench(100);
  const file = b.write("p.yaml", PIPELINE);
  const run = () => runPipeline(file, { client: b.monet, outDir: b.out, pollInterval: 20 });
  const results = await Promise.allSettled([run(), run()]);
  const refused = results.filter((r) => r.status === "rejected");
  expect(refused).toHaveLength(1);
  expect(String((refused[0] as PromiseRejectedResult).reason.message)).toBe(
    `another run in this process (${process.pid}) is writing into ${fs.realpathSync(b.out)}; wait for it or stop it`,
  );
  const ran = results.find((r) => r.status === "fulfilled") as PromiseFulfilledResult<Awaited<ReturnType<typeof run>>>;
  expect(ran.value.summary).toMatchObject({ total: 2, succeeded: 2, failed: 0 });
  expect((await b.tasks()).length).toBe(2);
  // Released at the end: the next run gets in and reuses both tasks.
  expect((await run()).summary.succeeded).toBe(2);
  expect(fs.readdirSync(path.join(b.out, ".pipeline"))).toEqual(["journal.jsonl"]);
});

test("a lock left with this process's own pid by a dead run (a reused pid, as in a container) is taken over", async () => {
  b = await bench(50);
  const file = b.write("p.yaml", PIPELINE);
  fs.mkdirSync(path.join(b.out, ".pipeline"), { recursive: true });
  fs.writeFileSync(path.join(b.out, ".pipeline", "lock"), String(process.pid));
  const m = await runPipeline(file, { client: b.monet, outDir: b.out, pollInterval: 20 });
  expect(m.summary.succeeded).toBe(2);
  expect(fs.readdirSync(path.join(b.out, ".pipeline"))).toEqual(["journal.jsonl"]);
});

test("a claim left by a process killed mid-takeover is taken over too", async () => {
  b = await bench(50);
  const file = b.write("p.yaml", PIPELINE);
  fs.mkdirSync(path.join(b.out, ".pipeline"), { recursive: true });
  fs.writeFileSync(path.join(b.out, ".pipeline", "lock"), String(DEAD_PID));
  fs.writeFileSync(path.join(b.out, ".pipeline", `lock.${DEAD_PID}.takeover`), String(DEAD_PID - 1));
  const m = await runPipeline(file, { client: b.monet, outDir: b.out, pollInterval: 20 });
  expect(m.summary.succeeded).toBe(2);
  expect(fs.readdirSync(path.join(b.out, ".pipeline"))).toEqual(["journal.jsonl"]);
});

// The interleaving that let two processes in, made to happen: just after this run reads the dead
// pid from the lock, another process (our parent, which is alive) takes the lock over. The old
// takeover then removed that process's new lock and created its own: both ran.
test("a process that takes a dead lock over between this run's read and its takeover keeps it: this run is refused, naming it", async () => {
  b = await bench(50);
  const file = b.write("p.yaml", PIPELINE);
  const lock = path.join(b.out, ".pipeline", "lock");
  fs.mkdirSync(path.dirname(lock), { recursive: true });
  fs.writeFileSync(lock, String(DEAD_PID));
  const read = fs.readFileSync;
  let other = false;
  const spy = vi.spyOn(fs, "readFileSync").mockImplementation(((f: fs.PathOrFileDescriptor, o?: unknown) => {
    const text = read(f, o as BufferEncoding);
    if (!other && typeof f === "string" && fs.realpathSync(f) === fs.realpathSync(lock)) {
      other = true;
      fs.rmSync(lock);
      fs.writeFileSync(lock, String(process.ppid), { flag: "wx" });
    }
    return text;
  }) as typeof fs.readFileSync);
  try {
    await expect(runPipeline(file, { client: b.monet, outDir: b.out, pollInterval: 20 })).rejects.toThrow(
      `another run (process ${process.ppid}) is writing into ${fs.realpathSync(b.out)}`,
    );
  } finally {
    spy.mockRestore();
  }
  expect(other).toBe(true);
  expect(fs.readFileSync(lock, "utf8")).toBe(String(process.ppid));
  expect(b.requests).toEqual([]);
});

// Each process waits for one shared instant, then runs the pipeline; one that gets in says so at
// its start event and holds the folder (its tasks take a minute) until its stdin closes.
const CHILD = `
import { Monet } from ${JSON.stringify(path.resolve(import.meta.dirname, "../../client/dist/index.js"))};
import { runPipeline } from ${JSON.stringify(path.resolve(import.meta.dirname, "../dist/index.js"))};
const [file, out, base, at] = process.argv.slice(2);
const stop = new AbortController();
process.stdin.on("end", () => stop.abort()).resume();
while (Date.now() < Number(at));
runPipeline(file, { client: new Monet({ apiKey: "monet_pipeline_test", baseUrl: base }), outDir: out, pollInterval: 1000, signal: stop.signal,
  onEvent: (e) => e.type === "start" && console.log("ran") })
  .catch((e) => console.log(stop.signal.aborted ? "stopped" : "refused: " + e.message));
`;

const TRIALS = 4;
const PROCESSES = 8;

test(`of ${PROCESSES} processes started at once against a dead run's lock, exactly one runs (${TRIALS} trials)`, async () => {
  b = await bench(60_000);
  const file = b.write("p.yaml", PIPELINE);
  const child = b.write("child.mjs", CHILD);
  for (let t = 0; t < TRIALS; t++) {
    const out = path.join(b.dir, `out${t}`);
    fs.mkdirSync(path.join(out, ".pipeline"), { recursive: true });
    fs.writeFileSync(path.join(out, ".pipeline", "lock"), String(DEAD_PID));
    // Far enough ahead for every process to have loaded (a slow one only races less).
    const at = Date.now() + 1500;
    const procs = Array.from({ length: PROCESSES }, () =>
      spawn(process.execPath, [child, file, out, b.mock.url, String(at)], { stdio: ["pipe", "pipe", "inherit"] }),
    );
    // Each one's first word: "ran" (it holds the folder) or "refused: ..." (it has ended).
    const first = await Promise.all(procs.map(firstLine));
    const ran = first.filter((l) => l === "ran");
    expect({ trial: t, ran: ran.length }).toEqual({ trial: t, ran: 1 });
    for (const l of first.filter((l) => l !== "ran")) expect(l).toMatch(/^refused: another run \(process \d+\) is writing into /);
    for (const p of procs) p.stdin?.end();
    await Promise.all(procs.map((p) => new Promise((r) => (p.exitCode === null ? p.on("exit", r) : r(null)))));
    expect(fs.readdirSync(path.join(out, ".pipeline")).sort()).toEqual(["journal.jsonl"]);
  }
});

function firstLine(p: ChildProcess): Promise<string> {
  return new Promise((resolve) => {
    let text = "";
    p.stdout?.on("data", (d) => {
      text += d;
      if (text.includes("\n")) resolve(text.split("\n")[0]);
    });
    p.on("exit", () => resolve(text.split("\n")[0]));
  });
}
