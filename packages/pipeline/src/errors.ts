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
  /** The absolute path of the file to edit: the pipeline file, or the items file for an item's own value. */
  file?: string;
  /** The line in `file` (from 1): a step field's YAML line, an item's CSV or JSONL row. */
  line?: number;
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
