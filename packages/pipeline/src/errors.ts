// The error for a pipeline file that cannot run: every problem, each naming where it is.

export interface PipelineIssue {
  /** Where in the file: `steps.clip.input.duration`, `items[3].product`, `items.file`. */
  path: string;
  message: string;
  step?: string;
  /** The item's name (its `id`, the `item_name` field, or its position from 1). */
  item?: string;
  /** The input field, for problems with a step's input: `duration`, `images[0]`. */
  field?: string;
}

/** The file is invalid: nothing was created. The CLI exits with 2. */
export class PipelineFileError extends Error {
  readonly issues: PipelineIssue[];
  constructor(issues: PipelineIssue[], file?: string) {
    const head = file ? `Invalid pipeline ${file}` : "Invalid pipeline";
    super(`${head}: ${issues.map((i) => i.message).join("; ")}`);
    this.name = "PipelineFileError";
    this.issues = issues;
  }
}

/** Throws a PipelineFileError when `issues` is not empty. */
export function assertNoIssues(issues: PipelineIssue[], file?: string) {
  if (issues.length) throw new PipelineFileError(issues, file);
}
