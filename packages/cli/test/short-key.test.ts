// A "key" far shorter than any API key (MONET_API_KEY=x, a local `dev`) is taken out of what the
// CLI prints only where it stands as a token, by the client's one rule (key-run.ts): `x` took every
// x out of everything (`flu`, `0[redacted]10`), `dev` every `development`. Where it stands alone it
// is still never shown. No server is needed: these commands answer from the catalog.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { monet } from "./run.ts";

let cwd: string;
beforeAll(() => {
  cwd = fs.mkdtempSync(path.join(os.tmpdir(), "monet-cli-short-key-"));
});
afterAll(() => fs.rmSync(cwd, { recursive: true, force: true }));

const run = (key: string, args: string[]) => monet(args, { cwd, env: { MONET_API_KEY: key, MONET_BASE_URL: "" } });

// Inside words only: `x` in flux, 0x, max; `ode` in model, mode.
test.each(["x", "ode"])("MONET_API_KEY=%s: the catalog and the help print as with a real key", async (key) => {
  let printed = "";
  for (const args of [["models"], ["--json", "models"], ["generate", "video", "--model", "sora-2", "--help"]]) {
    const real = await run("monet_cli_short_key_real_0123", args);
    const short = await run(key, args);
    printed += real.stdout;
    expect(short.stdout, args.join(" ")).toBe(real.stdout);
    expect(short.stdout).not.toContain("[redacted]");
  }
  expect(printed).toContain(key);
});

test("a short key standing alone is still never printed (text and --json)", async () => {
  const text = await run("dev", ["generate", "image", "--model", "dev", "--prompt", "hi"]);
  expect(text.code).toBe(2);
  expect(text.stderr).toMatch(/^error: \[redacted\] is not an image model/);
  const json = await run("dev", ["--json", "generate", "image", "--model", "dev", "--prompt", "hi"]);
  expect(JSON.parse(json.stderr.trim()).error.message).toMatch(/^\[redacted\] is not an image model/);
});
