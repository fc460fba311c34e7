// A mistake in the hand-written spec: `pnpm generate` prints its message (one line per mistake,
// each naming the file under openapi/ that holds it and what to do) instead of a stack trace.
import path from "node:path";

export class SpecError extends Error {
  /** @param {string[]} problems one line each, `openapi/src/<file>: what is wrong; what to do` */
  constructor(problems) {
    super(problems.join("\n"));
    this.name = "SpecError";
    this.problems = problems;
  }
}

/** `file` as a contributor reads it: from the folder that holds openapi/src (`openapi/src/schemas/Task.yaml`). */
export const specFile = (srcDir, file) => path.join(path.basename(path.dirname(srcDir)), path.basename(srcDir), path.relative(srcDir, file));
