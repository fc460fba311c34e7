// `npm start`: the main job on a fresh clone. Install, generate, build and build the docs (each
// skipped when its inputs have not changed since it last ran), then serve the docs and the mock
// servers locally (scripts/dev.mjs, in this process, so any signal that stops us stops them).
import fs from "node:fs";
import { ensureDevNode } from "./node.mjs";
import { root, run } from "./run.mjs";
import { unlessUpToDate } from "./stamp.mjs";

await ensureDevNode(); // on an older Node, everything below runs on the development Node instead

const workspaceManifests = ["packages", "bench", "docs", "test"].flatMap((d) =>
  d === "packages" ? fs.readdirSync(`${root}/packages`).map((p) => `packages/${p}/package.json`) : [`${d}/package.json`],
);
const skipped = [];
const step = (name, spec, fn) => unlessUpToDate(name, spec, fn) || skipped.push(name);
step("install", { inputs: ["package.json", "pnpm-lock.yaml", "pnpm-workspace.yaml", ...workspaceManifests], outputs: ["node_modules/.modules.yaml"] }, () =>
  run("pnpm", ["install"]),
);
step("generate", { inputs: ["openapi/src", "scripts", "package.json"], outputs: ["openapi/dist/openapi.json"] }, () => run("pnpm", ["run", "generate"]));
step("build", { inputs: ["packages", "openapi/dist", "tsconfig.base.json", "pnpm-lock.yaml"], outputs: ["packages/mock/dist/cli.js"] }, () =>
  run("pnpm", ["run", "build"]),
);
step("docs", { inputs: ["docs/guides", "docs/examples", "docs/models", "openapi/dist", "scripts/build-docs.mjs"], outputs: ["docs/dist/index.html"] }, () =>
  run("pnpm", ["run", "docs:build"]),
);
if (skipped.length) console.log(`Up to date, skipped: ${skipped.join(", ")}.`);
await import("./dev.mjs");
