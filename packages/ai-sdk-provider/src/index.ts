// @monet-ai/ai-sdk-provider: Monet's image and video models for the Vercel AI SDK (`ai` 7).

// The client's error classes: an APICallError's `cause`, and the errors that are not about one
// request (TaskFailedError, WaitTimeoutError, AbortError), checked with instanceof without adding
// @monet-ai/client as a dependency of the app (a strict install does not expose the provider's).
export {
  AbortError,
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  InternalServerError,
  MonetError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  TaskFailedError,
  UnprocessableEntityError,
  WaitTimeoutError,
} from "@monet-ai/client";
export { MonetDownloadError } from "./download.js";
export { MonetImageModel } from "./image-model.js";
export type { MonetImageModelId, MonetImageOptions, MonetVideoModelId, MonetVideoOptions } from "./model-ids.js";
export { createMonet, type MonetProvider, type MonetProviderSettings, monet } from "./provider.js";
export { type StartedOperation, startedOperations } from "./started-operations.js";
export { MonetVideoModel } from "./video-model.js";
