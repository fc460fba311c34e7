// @monet-ai/models/validate: only the validator and its compact rules (what the client bundles).

export { type ErrorInfo, InputValidationError, InvalidInputError, MonetError } from "./errors.js";
export { assertValidInput, type InputIssue, showValue, type ValidateOptions, validateInput } from "./validate.js";
