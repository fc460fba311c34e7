// `npm start`: the main job on a fresh clone. Install, generate, build and build the docs (each
// skipped when its inputs have not changed since it last ran), then serve the docs and the mock
// servers locally (scripts/dev.mjs, in this process, so any signal that stops us stops them).
import { ensureDevNode } from "./node.mjs";
import { unlessUpToDate } from "./stamp.mjs";
import { steps } from "./steps.mjs";

await ensureDevNode(); // on an older Node, everything below runs on the development Node instead

const skipped = [];
for (const [name, [spec, fn]] of Object.entries(steps)) unlessUpToDate(name, spec, fn) || skipped.push(name);
if (skipped.length) console.log(`Up to date, skipped: ${skipped.join(", ")}.`);
await import("./dev.mjs");
