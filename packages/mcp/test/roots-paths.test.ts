// The path rules upload_file and run_pipeline are held to, read at the unit level: what counts as
// inside an allowed folder (a sibling whose name starts the same is not), where a path leads
// through links and missing parts, how MONET_MCP_ROOTS is read, and how a path is quoted back.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, expect, test } from "vitest";
import { fileUrlIn, isInside, noFolder, nulIn, parseEnvRoots, shown, unreadable, whereLeads } from "../src/roots.ts";

const tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "monet-roots-")));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

test("inside means strictly below: not the folder itself, not a sibling that starts with its name, not a parent", () => {
  expect(isInside("/data/media", "/data/media/a.png")).toBe(true);
  expect(isInside("/data/media", "/data/media/deep/er/a.png")).toBe(true);
  // A file whose name starts with two dots is still inside.
  expect(isInside("/data/media", "/data/media/..hidden")).toBe(true);
  expect(isInside("/data/media", "/data/media")).toBe(false);
  expect(isInside("/data/media", "/data/media-secret/a.png")).toBe(false);
  expect(isInside("/data/media", "/data/other/a.png")).toBe(false);
  expect(isInside("/data/media", "/data")).toBe(false);
  expect(isInside("/data/media", "/")).toBe(false);
});

test("MONET_MCP_ROOTS: absolute folders kept, relative ones set aside, blanks dropped", () => {
  const d = path.delimiter;
  expect(parseEnvRoots(`/a${d} rel/dir ${d}${d} /b ${d}`)).toEqual({ roots: ["/a", "/b"], ignored: ["rel/dir"] });
  expect(parseEnvRoots(undefined)).toEqual({ roots: [], ignored: [] });
  expect(parseEnvRoots("")).toEqual({ roots: [], ignored: [] });
});

test("where a path leads: through a link to its target, and past missing parts with the error that stopped it", async () => {
  fs.mkdirSync(path.join(tmp, "allowed"));
  fs.mkdirSync(path.join(tmp, "outside"));
  fs.writeFileSync(path.join(tmp, "outside", "secret.txt"), "x");
  fs.symlinkSync(path.join(tmp, "outside"), path.join(tmp, "allowed", "link"));
  expect(await whereLeads(path.join(tmp, "allowed", "link", "secret.txt"))).toEqual({ real: path.join(tmp, "outside", "secret.txt") });
  // Missing parts below a link: still where the link leads, so refused alike whether or not the file exists.
  expect(await whereLeads(path.join(tmp, "allowed", "link", "no", "such.png"))).toEqual({
    real: path.join(tmp, "outside", "no", "such.png"),
    error: "ENOENT",
  });
  expect(await whereLeads(path.join(tmp, "allowed", ".", "x", "..", "y.png"))).toEqual({ real: path.join(tmp, "allowed", "y.png"), error: "ENOENT" });
});

test("a path quoted back: control characters escaped, a long one cut to its two ends and its length", () => {
  expect(shown("/a\u0007b\u001b[2Jc\n")).toBe("/a\\u0007b\\u001b[2Jc\\u000a");
  const exact = `/${"x".repeat(199)}`;
  expect(shown(exact)).toBe(exact);
  const long = `/${"a".repeat(150)}${"b".repeat(149)}`;
  const cut = shown(long);
  expect(cut.startsWith(`/${"a".repeat(119)}…`)).toBe(true);
  expect(cut.endsWith(`…${"b".repeat(60)} (300 characters)`)).toBe(true);
  expect(cut.length).toBeLessThan(long.length);
});

test("refusals name what is wrong: a NUL and where, a file: URL and its path, a missing or unreadable path", () => {
  expect(nulIn("path", "/a/b")).toBeUndefined();
  expect(nulIn("path", "/a\0b")).toContain("position 2");
  expect(fileUrlIn("path", "/tmp/a.png")).toBeUndefined();
  expect(fileUrlIn("path", "FILE:///tmp/a.png")).toContain('"/tmp/a.png"');
  expect(fileUrlIn("path", "file://otherhost/a.png")).toContain("absolute path");
  expect(unreadable("path", "/x", "ENOENT")).toContain("no such file");
  expect(unreadable("path", "/x", "EACCES")).toContain("EACCES");
  expect(unreadable("path", "/x", "EACCES")).not.toContain("no such file");
});

test("no folder allowed: the refusal says why (no roots and no MONET_MCP_ROOTS, none existing, or the client's roots unusable)", () => {
  expect(noFolder("upload_file may read", { folders: [], source: "none" })).toContain("MONET_MCP_ROOTS is not set");
  expect(noFolder("upload_file may read", { folders: [], source: "MONET_MCP_ROOTS" })).toContain("none of the MONET_MCP_ROOTS exists");
  expect(noFolder("upload_file may read", { folders: [], source: "client roots", unusable: "its roots/list failed" })).toBe(
    "upload_file may read no folder: its roots/list failed.",
  );
});
