// Every generator, in the order data flows: spec bundle first, then what reads it.
// Each writes below `out` (the repo root, or a temporary copy for the drift check) and reads
// the hand-written spec from `root`.
import path from "node:path";
import { writeBundle } from "./bundle.mjs";
import { generateClient, CLIENT_OUT } from "./gen-client.mjs";
import { generateOperations, OPERATIONS_OUT, OPERATION_ROWS_OUT } from "./gen-operations.mjs";
import { generateProxy, PROXY_OUT } from "./gen-proxy.mjs";
import { generateModels, MODELS_OUT } from "./gen-models.mjs";
import { generateModelGuide, GUIDE_OUT } from "./gen-model-guide.mjs";
import { generatePipelineSchema, PIPELINE_SCHEMA_OUT } from "./gen-pipeline-schema.mjs";

export const generators = [
  {
    name: "spec bundle",
    outputs: ["openapi/dist"],
    run: ({ root, out }) => writeBundle(path.join(root, "openapi/src"), path.join(out, "openapi/dist")),
  },
  { name: "client (hey-api)", outputs: [CLIENT_OUT], run: generateClient },
  // After hey-api, which empties its output folder; the table's types come from hey-api's.
  { name: "operations table", outputs: [OPERATIONS_OUT, OPERATION_ROWS_OUT], run: generateOperations },
  { name: "model catalog", outputs: [MODELS_OUT], run: generateModels },
  { name: "model guide", outputs: [GUIDE_OUT], run: generateModelGuide },
  { name: "proxy allowlist", outputs: [PROXY_OUT], run: generateProxy },
  { name: "pipeline schema", outputs: [PIPELINE_SCHEMA_OUT], run: generatePipelineSchema },
];
