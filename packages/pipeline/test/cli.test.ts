// `monet pipeline run` as a subprocess against the mock: exit codes, plain and JSON progress,
// --dry-run naming step, item and field, and resuming after SIGKILL at seeded moments without
// creating any task twice.
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterEach, expect, test } from "vitest";
import { type Bench, bench, bytesAt, EXAMPLE } from "./helpers.js";

const bin = path.resolve(import.meta.dirname, "../../cli/dist/cli.js");
let b: Bench;
afterEach(async () => b?.close());

function monet(args: string[], opts: { onSpawn?: (c: ChildProcess) => void; cwd?: string } = {}) {
  return new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd: opts.cwd ?? b.dir,
      env: { ...process.env, MONET_API_KEY: "monet_pipeline_cli", MONET_BASE_URL: b.mock.url, MONET_POLL_INTERVAL: "50" },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("exit", (code, signal) => resolve({ code, signal, stdout, stderr }));
    opts.onSpawn?.(child);
  });
}

test("--dry-run names the step, the item and the field of a wrong value in the second item; creates nothing; exit 2", async () => {
  b = await bench();
  b.write("products.csv", "sku,product,seconds\nsneaker,red sneaker,5\nbackpack,blue backpack,7\n");
  b.write(
    "p.yaml",
    `name: csv-teasers
item_name: sku
items: { file: products.csv }
steps:
  still:
    foreach: items
    type: image
    input: { model: flux-2-dev, prompt: "Studio photo of a \${{ item.product }}" }
  clip:
    foreach: items
    type: video
    input: { model: kling-2-6, prompt: "Orbit", duration: "\${{ item.seconds }}", images: ["\${{ steps.still.outputs[0].url }}"] }
`,
  );
  const r = await monet(["pipeline", "run", "p.yaml", "--dry-run"]);
  expect(r.code).toBe(2);
  // Led by the item's row in its CSV file (the value is the item's), as a compiler's error.
  expect(r.stderr).toContain("products.csv:3: error: step clip, item backpack: input.duration must be one of 5, 10 (got 7)");
  expect(r.stderr).not.toContain("item sneaker");
  const j = await monet(["pipeline", "run", "p.yaml", "--dry-run", "--json"]);
  expect(j.code).toBe(2);
  expect(JSON.parse(j.stdout).issues).toEqual([expect.objectContaining({ step: "clip", item: "backpack", field: "duration" })]);
  // Fixed, the plan lists tasks per step and model; the output reference was checked as a URL.
  fs.writeFileSync(path.join(b.dir, "products.csv"), "sku,product,seconds\nsneaker,red sneaker,5\nbackpack,blue backpack,10\n");
  const ok = await monet(["pipeline", "run", "p.yaml", "--dry-run"]);
  expect(ok.code, ok.stderr).toBe(0);
  expect(ok.stdout).toMatch(/clip\s+video\s+kling-2-6\s+2/);
  expect((await b.tasks()).length).toBe(0);
});

test("exit 0 when all succeed, 5 when tasks failed at the API, 2 for an invalid file; plain lines off a terminal, --json one event per line", async () => {
  b = await bench();
  b.write("ok.yaml", EXAMPLE);
  const ok = await monet(["pipeline", "run", "ok.yaml", "--out", "out-ok"]);
  expect(ok.code, ok.stderr).toBe(0);
  expect(ok.stderr).toMatch(/^\[\d\/5\] clip\/2 saved task_\w+ -> clip\/2\.mp4$/m);
  expect(ok.stderr).toContain("5 tasks: 5 succeeded, 0 failed, 0 skipped");
  expect(ok.stderr).not.toContain("\x1b[");

  b.write("fail.yaml", EXAMPLE.replace("{ product: blue backpack }", `{ product: "[fail] backpack" }`));
  const failed = await monet(["pipeline", "run", "fail.yaml", "--out", "out-fail", "--json"]);
  expect(failed.code).toBe(5);
  const events = failed.stdout
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));
  expect(events[0]).toMatchObject({ type: "start", total: 5 });
  expect(events.at(-1)).toMatchObject({ type: "done", summary: { succeeded: 3, failed: 1, skipped: 1 }, next: ["--retry-failed"] });
  expect(events).toContainEqual(expect.objectContaining({ type: "task", node: "clip/2", status: "skipped" }));

  b.write("bad.yaml", "name: x\nsteps:\n  s: { type: image, input: { model: flux-2-dev, prompt: x }\n");
  const bad = await monet(["pipeline", "run", "bad.yaml", "--out", "out-bad"]);
  expect(bad.code).toBe(2);
  expect(bad.stderr).toMatch(/bad\.yaml is not valid YAML/);
  const noOut = await monet(["pipeline", "run", "ok.yaml"]);
  expect(noOut.code).toBe(2);
  expect(noOut.stderr).toContain("--out <dir> is required");
});

test("a web app's manifest.json in --out is kept, and a pipeline file over 10 MiB is refused: exit 2, nothing created", async () => {
  b = await bench();
  b.write("ok.yaml", EXAMPLE);
  const pwa = '{"name":"My PWA","icons":[]}\n';
  b.write("webapp/manifest.json", pwa);
  const kept = await monet(["pipeline", "run", "../ok.yaml", "--out", "."], { cwd: path.join(b.dir, "webapp") });
  expect(kept.code).toBe(2);
  expect(kept.stderr).toMatch(/manifest\.json was not written by this pipeline .*choose another out folder, or remove the file\. Nothing was sent\./);
  expect(fs.readFileSync(path.join(b.dir, "webapp/manifest.json"), "utf8")).toBe(pwa);
  expect(fs.readdirSync(path.join(b.dir, "webapp"))).toEqual(["manifest.json"]);

  // Sparse: the size without writing it.
  fs.truncateSync(b.write("big.yaml", ""), 11 * 1024 * 1024);
  for (const args of [["--dry-run"], ["--out", "out-big"]]) {
    const big = await monet(["pipeline", "run", "big.yaml", ...args]);
    expect(big.code).toBe(2);
    expect(big.stderr).toMatch(/big\.yaml is 11\.0 MiB; a pipeline file may be at most 10 MiB/);
  }
  expect((await b.tasks()).length).toBe(0);
});

// mulberry32: the same seed gives the same kill moments on every machine.
const rng = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

test.each([23, 2026])(
  "SIGKILL at seeded moments (seed %i), rerun until done: exactly the planned tasks, every output on disk with the mock's bytes",
  async (seed) => {
    b = await bench(600);
    const png = fs.readFileSync(path.join(import.meta.dirname, "../../../docs/examples/character.png"));
    b.write("ref.png", png);
    const items = ["boot", "bag", "hat", "scarf"].map((p) => `  - { id: ${p}, product: ${p} }`).join("\n");
    b.write(
      "crash.yaml",
      `name: crash-test
concurrency: 3
items:
${items}
steps:
  still:
    foreach: items
    type: image
    input: { model: flux-kontext-pro, prompt: "A \${{ item.product }}", images: [./ref.png] }
  clip:
    foreach: items
    type: video
    input: { model: kling-2-6, prompt: "Orbit the \${{ item.product }}", images: ["\${{ steps.still.outputs[0].url }}"] }
  jingle:
    type: music
    input: { model: minimax-music, prompt: "jingle" }
`,
    );
    const planned = 9;
    const next = rng(seed);
    let kills = 0;
    let last: Awaited<ReturnType<typeof monet>> | undefined;
    for (let run = 0; run < 30; run++) {
      // Kill at a random moment in the first 2.5 s of a run, for up to 8 runs; then let it finish.
      const delay = kills < 8 ? 100 + next() * 2400 : undefined;
      last = await monet(["pipeline", "run", "crash.yaml", "--out", "out"], {
        onSpawn: (c) => delay !== undefined && setTimeout(() => c.kill("SIGKILL"), delay),
      });
      if (last.signal === "SIGKILL") {
        kills++;
        continue;
      }
      break;
    }
    expect(last!.code, last!.stderr).toBe(0);
    expect(kills).toBeGreaterThan(0);
    const tasks = await b.tasks();
    expect(tasks.length).toBe(planned);
    const manifest = JSON.parse(fs.readFileSync(path.join(b.dir, "out", "manifest.json"), "utf8"));
    expect(manifest.summary).toEqual({ total: planned, succeeded: planned, failed: 0, skipped: 0 });
    expect(new Set(manifest.tasks.map((t: { id: string }) => t.id))).toEqual(new Set(tasks.map((t) => t.id)));
    for (const t of manifest.tasks) {
      expect(t.files).toHaveLength(1);
      expect(new Uint8Array(fs.readFileSync(path.join(b.dir, "out", t.files[0])))).toEqual(await bytesAt(t.outputs[0]));
    }
    // No partial downloads left behind.
    for (const step of ["still", "clip", "jingle"]) expect(fs.readdirSync(path.join(b.dir, "out", step)).filter((f) => f.startsWith("."))).toEqual([]);
  },
  240_000,
);

test("a second run into a folder in use exits 6 with code locked and retryable, told apart from a failure (exit 1, code failed)", async () => {
  b = await bench(50);
  b.write("p.yaml", `name: locked\nsteps:\n  s: { type: image, input: { model: flux-2-dev, prompt: p } }\n`);
  // A live run's lock: this test process holds the folder.
  const lock = path.join(b.out, ".pipeline", "lock");
  fs.mkdirSync(path.dirname(lock), { recursive: true });
  fs.writeFileSync(lock, String(process.pid));
  const r = await monet(["pipeline", "run", "p.yaml", "--out", "out", "--json"]);
  expect(r.code).toBe(6);
  const { error } = JSON.parse(r.stderr.trim().split("\n").at(-1) as string);
  expect(error).toMatchObject({ type: "FolderInUseError", code: "locked", retryable: true, exitCode: 6 });
  expect(error.message).toContain(`another run (process ${process.pid}) is writing into ${fs.realpathSync(b.out)}; wait for it or stop it`);
  const text = await monet(["pipeline", "run", "p.yaml", "--out", "out"]);
  expect(text.code).toBe(6);
  expect(b.requests).toEqual([]);
});
