// s19 audit F10: a local file refused (invalid_file) names the flag or argument that named it in
// --json's `field`, as the CLI's other checks do: `--images`, `--image`, `--input`, `--body`, `file`.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { jsonError, monet as run } from "./run.ts";

let cwd: string;
beforeAll(() => {
  cwd = fs.mkdtempSync(path.join(os.tmpdir(), "monet-file-field-"));
  fs.writeFileSync(path.join(cwd, "notes.txt"), "not media");
  fs.writeFileSync(path.join(cwd, "fake.png"), "not a png");
  fs.writeFileSync(path.join(cwd, "bad.json"), "{nope");
  fs.mkdirSync(path.join(cwd, "folder.png"));
});
afterAll(() => fs.rmSync(cwd, { recursive: true, force: true }));
// No API at all: every refusal here comes before anything is sent.
const monet = (args: string[]) => run(["--json", ...args], { cwd, env: { MONET_API_KEY: "monet_file_field", MONET_BASE_URL: "http://127.0.0.1:9" } });
const video = ["generate", "video", "--model", "sora-2", "--prompt", "x", "--no-wait"];

test.each([
  { args: [...video, "--images", "notes.txt"], field: "--images" },
  { args: [...video, "--images", "fake.png"], field: "--images" },
  { args: [...video, "--image", "missing.png"], field: "--image" },
  { args: [...video, "--images", "folder.png"], field: "--images" },
  { args: ["generate", "image", "--input", "bad.json"], field: "--input" },
  { args: ["generate", "image", "--input", "missing.json"], field: "--input" },
  { args: ["api", "uploadFile", "--body", '{"file": "@notes.txt"}'], field: "--body" },
  { args: ["api", "createTask", "--body", "@missing.json"], field: "--body" },
  { args: ["upload", "notes.txt"], field: "file" },
])("$args: invalid_file with field $field, exit 2", async ({ args, field }) => {
  const r = await monet(args);
  expect(r.code).toBe(2);
  expect(jsonError(r.stderr)).toMatchObject({ code: "invalid_file", field });
});
