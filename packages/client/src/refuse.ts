// The one wording of a refused argument or option: what it must be, and what was given. It takes
// the error class from @monet-ai/models/errors, not ./errors.js, so the entries that use it
// (operations, through option-values.ts) bundle none of the client's own error classes.
import { InputValidationError } from "@monet-ai/models/errors";

export const refuse = (path: string, rule: string, received: unknown) =>
  new InputValidationError([
    { path, message: `${path} must be ${rule} (got ${typeof received === "number" ? received : JSON.stringify(received)})`, received },
  ]);
