// @monet-ai/pipeline: many Monet generations from one YAML or JSON file, chained per item,
// rate-limited, downloaded, and resumable without creating (or paying for) a task twice.
export { runPipeline, loadPipeline, type RunOptions, type PipelineEvent, type TaskStatus } from "./run.js";
export { dryRun, pipelineSchema, type DryRun } from "./dry-run.js";
export { parsePipelineText, buildPipeline, loadPipelineFile } from "./load.js";
export { PipelineFileError, type PipelineIssue } from "./errors.js";
export type { Download, SaveOptions, Saved } from "./download.js";
export type { Manifest, ManifestTask, Summary } from "./manifest.js";
export type { Pipeline, PipelineDefinition, StepDefinition, Step, TaskNode, TaskType } from "./definition.js";
export type { PlanRow } from "./check.js";
