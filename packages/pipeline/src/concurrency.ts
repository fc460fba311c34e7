// How many tasks may run at once: the pipeline JSON Schema's rule (scripts/gen-pipeline-schema.mjs
// writes it once), which the file's field, runPipeline's option and the CLI's flag all check.
import schema from "../schema/pipeline.schema.json" with { type: "json" };

export const CONCURRENCY: Readonly<{ minimum: number; maximum: number; default: number }> = schema.properties.concurrency;
