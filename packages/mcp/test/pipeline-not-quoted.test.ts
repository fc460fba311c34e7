// run_pipeline's dry run on a file that is not a pipeline but has a top-level `steps` (a CI file,
// an app's config) describes it by its kind, never quoting its values or naming its fields (audit
// s16-mcp L4). The schema's issues used to list its fields (`password`, `env`, `token`) and quote
// values (`got "..."`). A file with a pipeline's shape still gets every issue, quoted. Real SDK
// client over stdio, real files.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { type Started, startMcp, text } from "./support.ts";

const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "monet-mcp-not-quoted-")));
const files: Record<string, string> = {
  "secrets.json": JSON.stringify({ name: "x", steps: { a: { type: "image", input: { model: "SECRET-JSON-1", prompt: 1 } } }, token: "SECRET-JSON-2" }),
  ".drone.yml": `kind: pipeline\nname: default\nsteps:\n  - name: deploy\n    environment:\n      AWS_SECRET_ACCESS_KEY: SECRET-CI-1\n`,
  "buildkite.yml": `steps:\n  deploy:\n    command: "deploy --token SECRET-CI-2"\n    env: { API_TOKEN: SECRET-CI-3 }\n`,
  "woodpecker.yaml": `steps:\n  build:\n    image: node\n    type: image\n    input: { model: flux-2-dev, prompt: "SECRET-CI-4", password: SECRET-CI-5 }\n`,
};
let mcp: Started;

beforeAll(async () => {
  for (const [name, body] of Object.entries(files)) fs.writeFileSync(path.join(root, name), body);
  fs.writeFileSync(path.join(root, "typo.yaml"), `name: typo\nsteps:\n  a:\n    type: image\n    input: { model: flux-9-dev, prompt: "a fox" }\n`);
  mcp = await startMcp({ roots: [root], env: { MONET_BASE_URL: "http://127.0.0.1:9" } });
}, 30_000);
afterAll(async () => {
  await mcp?.close();
  fs.rmSync(root, { recursive: true, force: true });
});

const dry = async (name: string) => text(await mcp.client.callTool({ name: "run_pipeline", arguments: { file: path.join(root, name), dryRun: true } }));

test.each(Object.keys(files))("%s is described by its kind: no value quoted, no field named", async (name) => {
  const said = await dry(name);
  expect(said).toContain(`${name} is not a pipeline`);
  expect(said).not.toMatch(/SECRET-/);
  expect(said).not.toMatch(/token|password|AWS_SECRET|API_TOKEN|command|environment|image"|\benv\b/);
});

test("a file with a pipeline's shape still gets its issues, quoted", async () => {
  expect(await dry("typo.yaml")).toMatch(/steps\.a\.input\.model .*flux-9-dev/);
});
