// @monet-ai/models/validate: only the validator and its compact rules (what the client bundles).
export { validateInput, assertValidInput, InvalidInputError, type InputIssue, type ValidateOptions } from "./validate.js";
