// @monet-ai/client/operations: the operations table generated from the spec (method, path,
// parameters with their bounds and defaults, schemas, content types, streaming and multipart
// flags, x- extensions), for tools that build on the API (the CLI, the MCP server).
export * from "./generated/operations.gen.js";
