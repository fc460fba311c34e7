// How many tasks may run at once: the pipeline JSON Schema's rule (scripts/gen-pipeline-schema.mjs
// writes it once, into the schema and into this small module), which the file's field,
// runPipeline's option and the CLI's flag all check. Also `@monet-ai/pipeline/concurrency`, which
// loads nothing else (the CLI checks its flag without loading the pipeline).
import { CONCURRENCY as rule } from "./generated/concurrency.gen.js";

export const CONCURRENCY: Readonly<{ minimum: number; maximum: number; default: number }> = rule;
