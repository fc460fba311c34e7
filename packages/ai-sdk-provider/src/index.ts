// @monet-ai/ai-sdk-provider: Monet's image and video models for the Vercel AI SDK (`ai` 7).
export { createMonet, monet, type MonetProvider, type MonetProviderSettings } from "./provider.js";
export { MonetImageModel } from "./image-model.js";
export { MonetVideoModel } from "./video-model.js";
export { MonetDownloadError } from "./download.js";
export type { MonetImageModelId, MonetVideoModelId, MonetImageOptions, MonetVideoOptions } from "./model-ids.js";
