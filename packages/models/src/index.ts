// @monet-ai/models: the typed catalog of Monet's models, generated from the OpenAPI spec.
export { type Feature, type FieldInfo, getModel, listModels, type ModelFilter, type ModelInfo, type Pricing } from "./catalog.js";
export { estimateCredits } from "./credits.js";
export { withDefaults } from "./defaults.js";
export { warnIfDeprecated } from "./deprecation.js";
export { durationText } from "./duration.js";
export { type ErrorInfo, InputValidationError, InvalidInputError, MonetError } from "./errors.js";
export { jsonFailure } from "./json-failure.js";
export { closest, didYouMean } from "./similar.js";
export type * from "./types.js";
export { assertValidInput, type InputIssue, MAX_ISSUES, type ValidateOptions, validateInput } from "./validate.js";
