// s19 audit F8: the docs link in an input error (sora-2 --duration 5, the reference's own quick
// start) is a whole URL on the spec's docs site, not a bare `#/...` that leads nowhere.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { spec } from "../../../test/support/spec.ts";
import { jsonError, monet as run } from "./run.ts";

const SITE: string = spec.externalDocs.url.replace(/\/?$/, "/");
let cwd: string;
beforeAll(() => {
  cwd = fs.mkdtempSync(path.join(os.tmpdir(), "monet-docs-link-"));
});
afterAll(() => fs.rmSync(cwd, { recursive: true, force: true }));
const monet = (args: string[]) => run(args, { cwd, env: { MONET_API_KEY: "monet_docs_link" } });

test("generate video --model sora-2 --duration 5: see the docs: <site>#/quick-start/..., in text and --json", async () => {
  const args = ["generate", "video", "--model", "sora-2", "--prompt", "hi", "--duration", "5"];
  const text = await monet(args);
  expect(text.code).toBe(2);
  expect(text.stderr).toContain(`see the docs: ${SITE}#/quick-start/`);
  expect(text.stderr).not.toContain("docs: #/");
  const e = jsonError((await monet(["--json", ...args])).stderr);
  expect(e.issues[0].message).toContain(`see the docs: ${SITE}#/quick-start/`);
});
