// JSON read from a user's file (--input, --body @file): a parse error says where, never what
// (`jsonFailure`, shared with the pipeline's files).
import { jsonFailure } from "@monet-ai/models";
import { CODE } from "./error-codes.js";
import { UsageError } from "./errors.js";

/** `text` parsed as JSON, or a UsageError naming `label` and the place (line, column), not the text. */
export function parseJsonText(text: string, label: string, hint = false): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    // The flag the label starts with (`--input file.json`) is the field at fault.
    const field = /^--[\w-]+/.exec(label)?.[0];
    throw new UsageError(`${label}: not valid JSON (${jsonFailure(text, e)})`, { hint, code: CODE.invalidFile, ...(field && { field }) });
  }
}
