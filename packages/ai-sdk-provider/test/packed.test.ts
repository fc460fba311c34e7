// The package as users get it: the packed tarballs of the provider and the packages it uses,
// installed with `ai` 7 alone into a fresh project, then generateImage and
// experimental_generateVideo (plain and with poll) against the mock, on Node 22 and 24 (ESM and require).
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { nodeBinary, supportedNodes } from "../../../scripts/node.mjs";

const root = path.resolve(import.meta.dirname, "../../..");
const work = fs.mkdtempSync(path.join(os.tmpdir(), "monet-ai-sdk-packed-"));
const app = path.join(work, "app");
const AI = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, "../package.json"), "utf8")).devDependencies.ai;

const program = (imports: string) => `${imports}
const mock = await startMockServer({ port: 0, taskDuration: 200 });
const monet = createMonet({ apiKey: "monet_packed", baseURL: mock.url, pollIntervalMs: 50 });
const { image } = await generateImage({ model: monet.image("flux-2-dev"), prompt: "x", aspectRatio: "16:9" });
const { video } = await generateVideo({ model: monet.video("kling-2-6"), prompt: { image: image.uint8Array, text: "orbit" }, duration: 5, generateAudio: true });
const polled = await generateVideo({ model: monet.video("sora-2"), prompt: "x", poll: { intervalMs: 50 } });
console.log(JSON.stringify({ image: image.mediaType, video: video.mediaType, polled: polled.video.mediaType, tasks: mock.state.tasks.size }));
await mock.close();`;

beforeAll(() => {
  const tarballs = ["client", "models", "mock", "ai-sdk-provider"].map((dir) => {
    const out = execFileSync("pnpm", ["pack", "--pack-destination", work], { cwd: path.join(root, "packages", dir), encoding: "utf8" });
    return path.join(work, path.basename(out.trim().split("\n").at(-1)!));
  });
  fs.mkdirSync(app);
  fs.writeFileSync(path.join(app, "package.json"), JSON.stringify({ name: "fresh-app", private: true, version: "0.0.0" }));
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", ...tarballs, `ai@${AI}`], { cwd: app, stdio: "pipe" });
  fs.writeFileSync(
    path.join(app, "esm.mjs"),
    program(`import { experimental_generateVideo as generateVideo, generateImage } from "ai";
import { createMonet } from "@monet-ai/ai-sdk-provider";
import { startMockServer } from "@monet-ai/mock";`),
  );
  // require() of the provider; ai 7 is ESM only, so it comes through import() as in any CJS app.
  fs.writeFileSync(
    path.join(app, "cjs.cjs"),
    `const { createMonet } = require("@monet-ai/ai-sdk-provider");
const { startMockServer } = require("@monet-ai/mock");
(async () => {
const { experimental_generateVideo: generateVideo, generateImage } = await import("ai");
${program("")}
})();`,
  );
}, 300_000);
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const expected = { image: "image/png", video: "video/mp4", polled: "video/mp4", tasks: 3 };

describe.each([supportedNodes[22], supportedNodes[24]])("Node %s", (version) => {
  let node: string;
  beforeAll(() => {
    node = nodeBinary(version);
  }, 180_000);
  test.each(["esm.mjs", "cjs.cjs"])(
    "%s: generateImage and experimental_generateVideo against the mock",
    (file) => {
      const r = spawnSync(node, [file], { cwd: app, encoding: "utf8", timeout: 90_000, env: { ...process.env, AI_SDK_LOG_WARNINGS: "false" } });
      expect(r.status, r.stdout + r.stderr).toBe(0);
      expect(JSON.parse(r.stdout.trim().split("\n").at(-1)!)).toEqual(expected);
    },
    120_000,
  );
});
