// The steps `npm start` and `npm run tarballs` share, with the inputs that decide whether each must
// run again (scripts/stamp.mjs): both skip what the other already did.
import fs from "node:fs";
import { root, run } from "./run.mjs";

const workspaceManifests = ["packages", "bench", "docs", "test"].flatMap((d) =>
  d === "packages" ? fs.readdirSync(`${root}/packages`).map((p) => `packages/${p}/package.json`) : [`${d}/package.json`],
);

/** name, stamp spec and action of each step, in order. */
export const steps = {
  install: [
    { inputs: ["package.json", "pnpm-lock.yaml", "pnpm-workspace.yaml", ...workspaceManifests], outputs: ["node_modules/.modules.yaml"] },
    () => run("pnpm", ["install"]),
  ],
  generate: [{ inputs: ["openapi/src", "scripts", "package.json"], outputs: ["openapi/dist/openapi.json"] }, () => run("pnpm", ["run", "generate"])],
  build: [
    { inputs: ["packages", "openapi/dist", "tsconfig.base.json", "pnpm-lock.yaml"], outputs: ["packages/mock/dist/cli.js"] },
    () => run("pnpm", ["run", "build"]),
  ],
  docs: [
    { inputs: ["docs/guides", "docs/examples", "docs/models", "openapi/dist", "scripts/build-docs.mjs"], outputs: ["docs/dist/index.html"] },
    () => run("pnpm", ["run", "docs:build"]),
  ],
};
