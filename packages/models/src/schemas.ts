// @monet-ai/models/schemas: the JSON Schema of every model input, as data for agents and forms.
export { inputSchemas } from "./generated/schemas.js";
