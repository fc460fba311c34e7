// `npm start`: the main job on a fresh clone. Install, generate, build, then serve the docs
// and the mock servers locally (see scripts/dev.mjs). Needs only Node.
import { run } from "./run.mjs";
import { ensureDevNode } from "./node.mjs";

await ensureDevNode(); // on an older Node, everything below runs on the development Node instead

run("pnpm", ["install"]);
run("pnpm", ["run", "generate"]);
run("pnpm", ["run", "build"]);
run("pnpm", ["run", "docs"]);
run("pnpm", ["run", "dev"]);
