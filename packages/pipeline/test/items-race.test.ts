// An items file read while another process swaps a folder on its path for a link out of the
// pipeline's folder and back (the race of audit s10 F5, here for items.file): the file read must
// be the one inside, or none. Checking the path and reading it again by path read the private
// file now and then; the read now goes through the descriptor that was checked (openedInside).
import type { ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, expect, test } from "vitest";
import type { PipelineIssue } from "../src/errors.js";
import { loadItems } from "../src/items.js";
import { startSwapping } from "./racer.js";

const TRIES = 10_000;
let dir: string;
let racer: ChildProcess | undefined;
afterEach(() => {
  racer?.kill();
  fs.rmSync(dir, { recursive: true, force: true });
});

test(`${TRIES} reads of items.file while a folder on its path is swapped for a link out: none reads the file outside`, () => {
  dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "items-race-")));
  const base = path.join(dir, "pipeline");
  fs.mkdirSync(path.join(base, "data"), { recursive: true });
  fs.mkdirSync(path.join(dir, "private"));
  fs.writeFileSync(path.join(base, "data/items.csv"), "prompt\nPUBLIC\n");
  fs.writeFileSync(path.join(dir, "private/items.csv"), "prompt\nPRIVATE\n");
  const read = () => {
    const issues: PipelineIssue[] = [];
    try {
      const items = loadItems({ file: "data/items.csv" }, base, issues);
      return items.length ? String(items[0].prompt) : `refused: ${issues.map((i) => i.message).join("; ")}`;
    } catch (e) {
      return `threw: ${(e as Error).message}`;
    }
  };
  expect(read()).toBe("PUBLIC");

  racer = startSwapping(dir, "pipeline/data", "../private");
  const seen = new Map<string, number>();
  for (let i = 0; i < TRIES; i++) {
    const got = read();
    seen.set(got, (seen.get(got) ?? 0) + 1);
  }
  racer.kill();
  expect(seen.get("PRIVATE") ?? 0).toBe(0);
  // Every other answer is the file inside or a worded refusal naming items.file.
  for (const k of seen.keys()) expect(k).toMatch(/^PUBLIC$|^refused: items\.file /);
}, 120_000);
