// @monet-ai/client/raw: the low-level SDK functions and fetch client hey-api generates from the
// spec, for callers who want the bare operations without the layer on top.
export * from "./generated/index.js";
export { createClient, createConfig } from "./generated/client/index.js";
