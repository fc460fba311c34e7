// @monet-ai/models/validate: only the validator and its compact rules (what the client bundles).
export { validateInput, assertValidInput, type InputIssue, type ValidateOptions } from "./validate.js";
export { MonetError, InputValidationError, InvalidInputError, type ErrorInfo } from "./errors.js";
