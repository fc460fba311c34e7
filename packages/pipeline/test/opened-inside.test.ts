// openedInside decides on the file a descriptor holds, not on the path it was opened by: a folder
// on the path that was a link out at the open and is a folder again at the check is still caught,
// by the kernel's /proc/self/fd link on Linux and by the portable check (device and inode) alike.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, expect, test } from "vitest";
import { heldInside, openedInside } from "../src/paths.js";

let dir: string;
let allowed: string;
const fds: number[] = [];
const open = (p: string) => {
  const fd = fs.openSync(p, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW);
  fds.push(fd);
  return fd;
};

beforeEach(() => {
  dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "opened-inside-")));
  allowed = path.join(dir, "allowed");
  fs.mkdirSync(path.join(allowed, "sub"), { recursive: true });
  fs.mkdirSync(path.join(dir, "private"));
  fs.writeFileSync(path.join(allowed, "sub/a.png"), "public");
  fs.writeFileSync(path.join(dir, "private/a.png"), "private");
});
afterEach(() => {
  for (const fd of fds.splice(0)) fs.closeSync(fd);
  fs.rmSync(dir, { recursive: true, force: true });
});

const checks = { openedInside, heldInside };

test.each(Object.keys(checks))("%s: a file opened inside the folder is inside", (name) => {
  const file = path.join(allowed, "sub/a.png");
  expect(checks[name as keyof typeof checks](open(file), [allowed], file)).toBe(true);
});

test.each(Object.keys(checks))("%s: a file opened through a folder swapped for a link out is outside, even once the folder is back", (name) => {
  const file = path.join(allowed, "sub/a.png");
  // The swap, as a racing writer makes it: sub moved away, a link to ../private in its place.
  fs.renameSync(path.join(allowed, "sub"), path.join(allowed, "sub.real"));
  fs.symlinkSync("../private", path.join(allowed, "sub"));
  const fd = open(file);
  expect(fs.readFileSync(fd, "utf8")).toBe("private");
  // And back, before the check.
  fs.unlinkSync(path.join(allowed, "sub"));
  fs.renameSync(path.join(allowed, "sub.real"), path.join(allowed, "sub"));
  expect(checks[name as keyof typeof checks](fd, [allowed], file)).toBe(false);
});
