// Every generator, in the order data flows: spec bundle first, then what reads it.
// `script` is the file a contributor edits to change what it writes. Each writes below `out` (the repo root, or a temporary copy for the drift check) and reads
// the hand-written spec from `root`.
import path from "node:path";
import { writeBundle } from "./bundle.mjs";
import { GUIDE_OUT, generateModelGuide } from "./gen-model-guide.mjs";
import { generateModels, MODELS_OUTPUTS } from "./gen-models.mjs";
import {
  generateOperations,
  MOCK_BODIES_OUT,
  MOCK_ERROR_CODES_OUT,
  MOCK_EXAMPLES_OUT,
  OPERATION_CALLS_OUT,
  OPERATION_COPIES,
  OPERATION_ROW_OUT,
  OPERATION_ROWS_OUT,
  OPERATIONS_OUT,
} from "./gen-operations.mjs";
import { generatePipelineSchema, PIPELINE_CONCURRENCY_OUT, PIPELINE_SCHEMA_OUT } from "./gen-pipeline-schema.mjs";
import { generateProxy, PROXY_OUT } from "./gen-proxy.mjs";
import { generateSpecTypes, SPEC_TYPES_OUT } from "./gen-spec-types.mjs";
import { generateTaskRules, TASK_RULES_COPIES, TASK_RULES_OUT } from "./gen-task-rules.mjs";
import { generateToolSchemas, TOOL_SCHEMAS_OUT } from "./gen-tool-schemas.mjs";

export const generators = [
  {
    name: "spec bundle",
    script: "scripts/bundle.mjs",
    outputs: ["openapi/dist"],
    run: ({ root, out }) => writeBundle(path.join(root, "openapi/src"), path.join(out, "openapi/dist")),
  },
  { name: "spec types (hey-api)", script: "scripts/gen-spec-types.mjs", outputs: [SPEC_TYPES_OUT], run: generateSpecTypes },
  {
    name: "operations table",
    script: "scripts/gen-operations.mjs",
    outputs: [
      OPERATION_ROW_OUT,
      OPERATIONS_OUT,
      OPERATION_ROWS_OUT,
      OPERATION_CALLS_OUT,
      ...OPERATION_COPIES,
      MOCK_EXAMPLES_OUT,
      MOCK_BODIES_OUT,
      MOCK_ERROR_CODES_OUT,
    ],
    run: generateOperations,
  },
  { name: "task statuses and types", script: "scripts/gen-task-rules.mjs", outputs: [TASK_RULES_OUT, ...TASK_RULES_COPIES], run: generateTaskRules },
  { name: "MCP tool schemas", script: "scripts/gen-tool-schemas.mjs", outputs: [TOOL_SCHEMAS_OUT], run: generateToolSchemas },
  { name: "model catalog", script: "scripts/gen-models.mjs", outputs: MODELS_OUTPUTS, run: generateModels },
  { name: "model guide", script: "scripts/gen-model-guide.mjs", outputs: [GUIDE_OUT], run: generateModelGuide },
  { name: "proxy allowlist", script: "scripts/gen-proxy.mjs", outputs: [PROXY_OUT], run: generateProxy },
  { name: "pipeline schema", script: "scripts/gen-pipeline-schema.mjs", outputs: [PIPELINE_SCHEMA_OUT, PIPELINE_CONCURRENCY_OUT], run: generatePipelineSchema },
];
