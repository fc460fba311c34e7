// @monet-ai/models: the typed catalog of Monet's models, generated from the OpenAPI spec.
export { models, getModel, listModels, type ModelInfo, type FieldInfo, type Feature, type ModelFilter, type Pricing } from "./catalog.js";
export { validateInput, assertValidInput, type InputIssue, type ValidateOptions } from "./validate.js";
export { MonetError, InputValidationError, InvalidInputError, type ErrorInfo } from "./errors.js";
export { withDefaults } from "./defaults.js";
export { estimateCredits } from "./credits.js";
export type * from "./types.js";
