// @monet-ai/pipeline: many Monet generations from one YAML or JSON file, chained per item,
// rate-limited, downloaded, and resumable without creating (or paying for) a task twice.

export type { PlanRow } from "./check.js";
export { CONCURRENCY } from "./concurrency.js";
export type { Pipeline, PipelineDefinition, Step, StepDefinition, TaskNode, TaskType } from "./definition.js";
export type { Download, Saved, SaveOptions } from "./download.js";
export { DOWNLOAD_RATE_WINDOW_MS, MIN_DOWNLOAD_RATE, SlowDownloadError } from "./download-rate.js";
export { type DryRun, type DryRunOptions, dryRun, pipelineSchema } from "./dry-run.js";
export { PipelineFileError, type PipelineIssue } from "./errors.js";
export { FINAL_TASK_STATUSES, type PipelineEvent, type TaskStatus } from "./events.js";
export { FOLDER_IN_USE, FolderInUseError } from "./folder-lock.js";
export { buildPipeline, loadPipelineFile } from "./load.js";
export type { Manifest, ManifestTask, Summary } from "./manifest.js";
export { type NextStep, nextSteps, type TaskProblem, taskProblem } from "./next-step.js";
export { MAX_OUTPUTS } from "./outputs.js";
export { openedInside } from "./paths.js";
export { MAX_PIPELINE_FILE_BYTES, type PipelineFileOptions, parsePipelineText, tooLarge as pipelineFileTooLarge } from "./pipeline-file.js";
export { RATE_LIMITED_WAIT_MS } from "./rate-limited-wait.js";
export { loadPipeline, runPipeline } from "./run.js";
export type { RunOptions } from "./run-options.js";
export { PipelineStoppedError, type StopReason, stopReason } from "./stop.js";
export { DEFAULT_TASK_TIMEOUT_MS, UNKNOWN_STATUS_WAIT_MS } from "./time-limit.js";
