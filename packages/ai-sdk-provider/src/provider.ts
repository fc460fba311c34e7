// The provider: `createMonet(settings)` and the default `monet` instance, following the AI SDK's
// provider conventions (`image`/`imageModel`, `video`/`videoModel`, NoSuchModelError for the rest).
import { InvalidArgumentError, LoadAPIKeyError, NoSuchModelError, type ProviderV4 } from "@ai-sdk/provider";
import { type InputValidationError, Monet } from "@monet-ai/client";
import { baseUrlOf, count, ms, POLL_INTERVAL_MS, WAIT_TIMEOUT_MS } from "@monet-ai/client/operations";
import { callLog } from "./api-call.js";
import type { MonetModelConfig } from "./config.js";
import { MonetImageModel } from "./image-model.js";
import { withCheckedKey } from "./key-check.js";
import { keyHider } from "./key-hide.js";
import type { MonetImageModelId, MonetVideoModelId } from "./model-ids.js";
import { requestHeaders } from "./task-run.js";
import { withUserAgent } from "./user-agent.js";
import { MonetVideoModel } from "./video-model.js";

export interface MonetProviderSettings {
  /** Default: the MONET_API_KEY environment variable, read when the first model call runs. */
  apiKey?: string;
  /** Default: the MONET_BASE_URL environment variable, else https://monet.vision. */
  baseURL?: string;
  /** Sent with every API request (never with output downloads). */
  headers?: Record<string, string>;
  /** A fetch to use for API requests and downloads (middleware, tests). */
  fetch?: typeof fetch;
  /** Between polls while `doGenerate` waits for a task, in ms (default: the interval the API advises, 5 s). */
  pollIntervalMs?: number;
  /**
   * How long `doGenerate` waits for its tasks, in ms (default 30 minutes, the client's; `Infinity`
   * for no limit). Past it the call throws the client's `WaitTimeoutError`; the tasks go on on Monet.
   */
  waitTimeoutMs?: number;
  /** The largest output a call downloads, in bytes (default 512 MiB). */
  maxDownloadBytes?: number;
  /**
   * Retries of a failed API request (connection errors, 408, 429, 5xx), with backoff and the same
   * idempotency key, so a retried create never makes a second task (default 2, the client's; 0:
   * none). The AI SDK's own `maxRetries` does not reach providers' requests: set this one.
   */
  maxRetries?: number;
}

export interface MonetProvider extends ProviderV4 {
  /** An image model for `generateImage`. */
  image(modelId: MonetImageModelId): MonetImageModel;
  imageModel(modelId: MonetImageModelId): MonetImageModel;
  /** A video model for `experimental_generateVideo` (and `experimental_startVideo`). */
  video(modelId: MonetVideoModelId): MonetVideoModel;
  videoModel(modelId: MonetVideoModelId): MonetVideoModel;
}

const env = (name: string) => (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.[name];
const location = () => (globalThis as { location?: { href: string } }).location?.href;

/** The client's rule for `check`, reported the AI SDK's way (InvalidArgumentError naming the setting). */
function setting<T>(name: string, value: T | undefined, fallback: T, check: (name: string, v: T | undefined) => unknown): T {
  try {
    check(name, value);
  } catch (e) {
    // The issue's own message ("pollIntervalMs must be ..."), without the error's "Invalid input:" summary.
    throw new InvalidArgumentError({ argument: name, message: (e as InputValidationError).issues.map((i) => i.message).join("; ") });
  }
  return value ?? fallback;
}

/** A Monet provider instance; the API key is read (and a client made) by each model call. */
export function createMonet(settings: MonetProviderSettings = {}): MonetProvider {
  const pollIntervalMs = setting("pollIntervalMs", settings.pollIntervalMs, POLL_INTERVAL_MS, (n, v) => ms(n, v, false));
  const waitTimeoutMs = setting("waitTimeoutMs", settings.waitTimeoutMs, WAIT_TIMEOUT_MS, (n, v) => ms(n, v, true));
  const maxBytes = setting("maxDownloadBytes", settings.maxDownloadBytes, 512 * 1024 * 1024, (n, v) => count(n, v, 1));
  // The client's own rule for its retries; undefined keeps the client's default.
  const maxRetries = settings.maxRetries === undefined ? undefined : setting("maxRetries", settings.maxRetries, 0, (n, v) => count(n, v));
  // A typo in the address fails here, as the other settings do, not at the first call (MONET_BASE_URL is read by each call).
  if (settings.baseURL !== undefined) setting("baseURL", settings.baseURL, "", (n, v) => baseUrlOf(v as string, n));
  const fetcher = settings.fetch ?? ((...a: Parameters<typeof fetch>) => globalThis.fetch(...a));
  const config = (provider: string): MonetModelConfig => ({
    provider,
    context(signal, headers) {
      // Read per call, so a rotated MONET_API_KEY is used without a restart.
      const apiKey = settings.apiKey ?? env("MONET_API_KEY");
      if (!apiKey)
        throw new LoadAPIKeyError({ message: "Monet API key is missing: pass createMonet({ apiKey }) or set the MONET_API_KEY environment variable" });
      // A client per call (cheap: no connection of its own), so its requests are this call's alone
      // in the log its errors are reported from.
      const hide = keyHider(apiKey);
      const log = callLog(fetcher, hide);
      // Inputs are checked here, against the same catalog, before anything (uploads too) is sent.
      const from = settings.apiKey === undefined ? "in MONET_API_KEY" : "passed as createMonet({ apiKey })";
      const client = withCheckedKey(
        apiKey,
        from,
        (key) => new Monet({ apiKey: key, baseUrl: settings.baseURL, defaultHeaders: settings.headers, fetch: log.fetch, maxRetries, validateInputs: false }),
      );
      const call = requestHeaders(headers);
      return {
        client,
        log,
        hide,
        signal,
        headers: withUserAgent(call.headers),
        idempotencyKey: call.idempotencyKey,
        pollIntervalMs,
        waitTimeoutMs,
        policy: { base: new URL(client.baseUrl, location()).href, maxBytes, fetch: fetcher },
      };
    },
  });
  const imageConfig = config("monet.image");
  const videoConfig = config("monet.video");
  const image = (modelId: MonetImageModelId) => new MonetImageModel(modelId, imageConfig);
  const video = (modelId: MonetVideoModelId) => new MonetVideoModel(modelId, videoConfig);
  const none =
    (modelType: "languageModel" | "embeddingModel") =>
    (modelId: string): never => {
      throw new NoSuchModelError({
        modelId,
        modelType,
        message: `Monet has image and video models only (music: use @monet-ai/client); no ${modelType} ${modelId}`,
      });
    };
  return {
    specificationVersion: "v4",
    image,
    imageModel: image,
    video,
    videoModel: video,
    languageModel: none("languageModel"),
    embeddingModel: none("embeddingModel"),
  };
}

/** The default provider: MONET_API_KEY (and MONET_BASE_URL), read by each call, not at import. */
export const monet: MonetProvider = createMonet();
