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

// The oldest `ai` the peer range allows (npm refuses older ones): the README's examples type-check
// against it and its calls run against the mock. Older 7.x releases carry an @ai-sdk/provider
// whose VideoModelV4 lacks what this package returns, so `monet.video(...)` is a type error there.
describe("the oldest ai in the peer range", () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, "../package.json"), "utf8"));
  const oldest = /^\^(7\.\d+\.\d+)$/.exec(pkg.peerDependencies.ai)?.[1];
  const dir = path.join(work, "oldest-ai");
  beforeAll(() => {
    expect(oldest, `peerDependencies.ai is a caret range of ai 7: ${pkg.peerDependencies.ai}`).toBeTruthy();
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "oldest-ai-app", private: true, type: "module" }));
    const tarballs = fs
      .readdirSync(work)
      .filter((f) => f.endsWith(".tgz"))
      .map((f) => path.join(work, f));
    execFileSync("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", ...tarballs, `ai@${oldest}`], { cwd: dir, stdio: "pipe" });
  }, 300_000);

  test("the README's examples type-check (strict, nodenext), each block on its own", () => {
    // Every TypeScript block of the README's usage sections, as written, as its own module: a
    // reader copies one block, so each must import and define all it uses.
    const readme = fs.readFileSync(path.join(import.meta.dirname, "../README.md"), "utf8");
    const usage = readme.slice(readme.indexOf("## Images"), readme.indexOf("## Settings"));
    const blocks = [...usage.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
    expect(blocks.length).toBeGreaterThanOrEqual(3);
    for (const [i, b] of blocks.entries()) fs.writeFileSync(path.join(dir, `readme-${i}.ts`), `${b}\nexport {};\n`);
    fs.writeFileSync(
      path.join(dir, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          module: "nodenext",
          moduleResolution: "nodenext",
          target: "es2022",
          lib: ["es2022", "dom"],
          typeRoots: [path.join(root, "node_modules/@types")],
          types: ["node"],
          skipLibCheck: true,
        },
        include: ["readme-*.ts"],
      }),
    );
    const r = spawnSync(process.execPath, [path.join(root, "node_modules/typescript/bin/tsc"), "-p", dir], { encoding: "utf8" });
    expect(r.stdout + r.stderr).toBe("");
  }, 180_000);

  test("generateImage, experimental_generateVideo, startVideo and getVideoStatus run against the mock", () => {
    fs.writeFileSync(
      path.join(dir, "run.mjs"),
      `import { experimental_generateVideo as generateVideo, generateImage, experimental_getVideoStatus as getVideoStatus, experimental_startVideo as startVideo } from "ai";
import { createMonet } from "@monet-ai/ai-sdk-provider";
import { startMockServer } from "@monet-ai/mock";
const mock = await startMockServer({ port: 0, taskDuration: 200 });
const monet = createMonet({ apiKey: "monet_packed", baseURL: mock.url, pollIntervalMs: 50 });
const { image } = await generateImage({ model: monet.image("flux-2-dev"), prompt: "x", aspectRatio: "16:9" });
const { video } = await generateVideo({ model: monet.video("kling-2-6"), prompt: { image: image.uint8Array, text: "orbit" }, duration: 5 });
const { operation } = await startVideo({ model: monet.video("sora-2"), prompt: "x" });
let status = await getVideoStatus(monet.video("sora-2"), { operation });
while (status.status === "pending") status = await new Promise((r) => setTimeout(r, 50)).then(() => getVideoStatus(monet.video("sora-2"), { operation }));
console.log(JSON.stringify({ image: image.mediaType, video: video.mediaType, status: status.status }));
await mock.close();`,
    );
    const r = spawnSync(process.execPath, ["run.mjs"], { cwd: dir, encoding: "utf8", timeout: 90_000, env: { ...process.env, AI_SDK_LOG_WARNINGS: "false" } });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(JSON.parse(r.stdout.trim().split("\n").at(-1)!)).toEqual({ image: "image/png", video: "video/mp4", status: "completed" });
  }, 120_000);

  test("npm refuses to install it beside ai 6, whose V3 interfaces this package does not implement", () => {
    const fresh = path.join(work, "ai-6");
    fs.mkdirSync(fresh);
    fs.writeFileSync(path.join(fresh, "package.json"), JSON.stringify({ name: "ai-6-app", private: true }));
    const tarballs = fs
      .readdirSync(work)
      .filter((f) => f.endsWith(".tgz"))
      .map((f) => path.join(work, f));
    const r = spawnSync("npm", ["install", "--no-audit", "--no-fund", ...tarballs, "ai@6"], { cwd: fresh, encoding: "utf8", timeout: 120_000 });
    expect(r.status, r.stdout + r.stderr).not.toBe(0);
    expect(r.stderr).toContain(`peer ai@"${pkg.peerDependencies.ai}"`);
  }, 150_000);
});
