// s21 audit F1: a full disk under the output folder. A nightly run of 300 items on a full tmpfs
// went on through every item (258 "failed: create failed: ENOSPC" lines), and its journal's last
// record was cut in half by a short write the run took as done. Now a record is written whole or
// the write throws, a record after a failed one starts on its own line, and the first ENOSPC stops
// the run (reason "disk"), nothing more sent; the same run resumes once there is space. The disk
// is the journal's writes (fs.writeSync) failing as a full one does: part of a record, then ENOSPC.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createTask } from "@monet-ai/client/operations";
import { afterEach, expect, test, vi } from "vitest";
import { type PipelineEvent, PipelineStoppedError, runPipeline } from "../src/index.js";
import { Journal } from "../src/journal.js";
import { type Bench, bench } from "./helpers.js";

let b: Bench | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await b?.close();
  b = undefined;
});

const enospc = () => Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC", errno: -28, syscall: "write" });

/**
 * The journal's disk: `full()` makes its next write store only the first half of what it was
 * given (as a full tmpfs does), and every write after that fail with ENOSPC, until `free()`.
 * `onRecord` hears each record written whole while there is space.
 */
function journalDisk(onRecord: (text: string) => void = () => {}) {
  const real = fs.writeSync;
  const journals = new Set<number>();
  let state: "free" | "full" | "none-left" = "free";
  vi.spyOn(fs, "writeSync").mockImplementation(((fd: number, data: string | NodeJS.ArrayBufferView, ...rest: unknown[]) => {
    const bytes = typeof data === "string" ? Buffer.from(data) : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    if (bytes.includes('"t":"')) journals.add(fd);
    if (!journals.has(fd) || state === "free") {
      const n = (real as (...a: unknown[]) => number)(fd, data, ...rest);
      onRecord(bytes.toString());
      return n;
    }
    if (state === "none-left") throw enospc();
    state = "none-left";
    const from = typeof data === "string" ? 0 : ((rest[0] as number | undefined) ?? 0);
    return real(fd, bytes, from, (bytes.length - from) >> 1);
  }) as typeof fs.writeSync);
  return {
    full: () => {
      state = "full";
    },
    free: () => {
      state = "free";
    },
  };
}

test("a record cut short by a full disk throws, and the next record, once there is space, is read back whole", () => {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "monet-pipeline-disk-")));
  try {
    const journal = Journal.open(root, "torn");
    const disk = journalDisk();
    disk.full();
    expect(() => journal.append({ t: "gone", key: "k1", node: "still/a", id: "task_1" })).toThrow(/ENOSPC/);
    disk.free();
    journal.append({ t: "gone", key: "k2", node: "still/b", id: "task_2" });
    journal.close();
    const again = Journal.open(root, "torn");
    // The half record is lost (never taken as written); the next one is not glued onto it.
    expect([...again.gone.keys()]).toEqual(["k2"]);
    again.close();
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test("a full disk stops the run (reason disk, naming the folder), nothing more created; once there is space the same run finishes, each task created once", async () => {
  b = await bench(50);
  const ids = ["a", "b", "c", "d", "e"];
  const file = b.write(
    "p.yaml",
    `name: disk\nconcurrency: 1\nitems: [${ids.map((id) => `{ id: ${id} }`).join(", ")}]\nsteps:\n  still: { foreach: items, type: image, input: { model: flux-2-dev, prompt: "a \${{ item.id }}" } }\n`,
  );
  let created = 0;
  // The disk fills once two tasks are journaled as created.
  const disk = journalDisk((text) => {
    if (text.includes('"t":"created"') && ++created === 2) disk.full();
  });
  const events: PipelineEvent[] = [];
  const e = await runPipeline(file, { client: b.monet, outDir: b.out, pollInterval: 50, onEvent: (x) => events.push(x) }).catch((x) => x);
  expect(e).toBeInstanceOf(PipelineStoppedError);
  expect(e.reason).toBe("disk");
  expect(e.message).toContain(`the disk of the output folder ${b.out} is full`);
  expect(e.message).toContain("free space on it, then run it again to resume");
  expect(events.at(-1)).toMatchObject({ type: "stopped", reason: "disk" });
  // No item was failed one by one, and nothing was created after the disk filled.
  expect(events.filter((x) => x.type === "task" && x.status === "failed")).toEqual([]);
  const sent = b.requests.filter((r) => r.method === createTask.method && r.path === createTask.path).length;
  expect(sent).toBe(2);
  disk.free();
  const m = await runPipeline(file, { client: b.monet, outDir: b.out, pollInterval: 50 });
  expect(m.summary).toEqual({ total: 5, succeeded: 5, failed: 0, skipped: 0 });
  expect((await b.tasks()).length).toBe(5);
  expect(fs.readdirSync(path.join(b.out, "still")).sort()).toEqual(ids.map((id) => `${id}.png`));
}, 60_000);

test("a disk too full for the manifest at the end stops the run as a full disk (every task ended); the rerun writes it, creating nothing", async () => {
  b = await bench(50);
  const file = b.write(
    "p.yaml",
    `name: disk-end\nitems: [{ id: a }, { id: b }]\nsteps:\n  still: { foreach: items, type: image, input: { model: flux-2-dev, prompt: "a \${{ item.id }}" } }\n`,
  );
  const real = fs.writeFileSync;
  vi.spyOn(fs, "writeFileSync").mockImplementation(((p: fs.PathOrFileDescriptor, ...rest: unknown[]) => {
    if (String(p).includes("manifest.json")) throw enospc();
    return (real as (...a: unknown[]) => void)(p, ...rest);
  }) as typeof fs.writeFileSync);
  const events: PipelineEvent[] = [];
  const e = await runPipeline(file, { client: b.monet, outDir: b.out, pollInterval: 50, onEvent: (x) => events.push(x) }).catch((x) => x);
  expect(e).toBeInstanceOf(PipelineStoppedError);
  expect(e.reason).toBe("disk");
  expect(e.summary).toEqual({ total: 2, succeeded: 2, failed: 0, skipped: 0 });
  // No manifest: the journal is where what was saved is said.
  expect(events.at(-1)).toMatchObject({
    type: "stopped",
    reason: "disk",
    manifest: null,
    journal: path.join(fs.realpathSync(b.out), ".pipeline", "journal.jsonl"),
  });
  vi.restoreAllMocks();
  const m = await runPipeline(file, { client: b.monet, outDir: b.out, pollInterval: 50 });
  expect(m.summary).toEqual({ total: 2, succeeded: 2, failed: 0, skipped: 0 });
  expect(m.tasks.every((t) => t.reused)).toBe(true);
  expect((await b.tasks()).length).toBe(2);
  expect(fs.existsSync(path.join(b.out, "manifest.json"))).toBe(true);
}, 60_000);
