// A copy of the hand-written spec in a temporary folder with one file edited: how the spec tests
// make a contributor's change (or slip) without touching the repository.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "vitest";
import { repoRoot } from "./seed.ts";

/**
 * A temporary folder holding openapi/src (and `also`, paths relative to the repository) with
 * `edit(text)` applied to `file` (relative to openapi/src); its path. An edit that changes nothing
 * fails the test: the case would prove nothing. The caller removes the folder.
 */
export function editedSpec(prefix: string, file: string, edit: (text: string) => string, also: string[] = []): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  for (const dir of ["openapi/src", ...also]) fs.cpSync(path.join(repoRoot, dir), path.join(root, dir), { recursive: true });
  const p = path.join(root, "openapi/src", file);
  const before = fs.readFileSync(p, "utf8");
  const after = edit(before);
  expect(after, `the edit of ${file} changed nothing`).not.toBe(before);
  fs.writeFileSync(p, after);
  return root;
}
