// A model's output length in words, for the CLI, MCP and any catalog browser: the catalog's
// `durationText`, generated from the spec by the same code that writes the model guide
// (scripts/model-duration.mjs), so every surface says one thing: the allowed values ("10 or 15 s"),
// a range only when any length between the bounds may be asked for ("4-12 s"), a fixed length
// ("8 s"), "follows the reference video (3-30 s)" for motion transfer (no length to pick), or
// that no field sets it. The catalog's `durationSeconds` alone ({ min: 10, max: 15 }) reads as a
// range even when only its ends are allowed.
import type { ModelInfo } from "./catalog.js";

/** The output length as text, or undefined for a model without one (images). */
export const durationText = (m: ModelInfo): string | undefined => m.durationText;
