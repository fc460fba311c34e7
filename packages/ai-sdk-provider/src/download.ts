// Output downloads. The URLs come from API responses, so they go through the client's one
// output-URL rule and fetcher (`@monet-ai/client/outputs`): the API's own origin, https to a public
// host, and loopback or private hosts only when the API itself is local (a mock); redirects checked
// hop by hop, the size capped while reading, and neither the API key nor the provider's headers
// sent. What is the provider's own: the bytes the AI SDK wants, and its error type.
import { AISDKError } from "@ai-sdk/provider";
import { OutputError, openOutput } from "@monet-ai/client/outputs";

/** An output could not be downloaded, or its URL was refused before any request; `cause` is the client's `OutputError` (its `code`: `unsafe_url`, `too_large`, `too_many`, `too_slow`, `download_failed`). */
export class MonetDownloadError extends AISDKError {
  readonly url: string;
  constructor(url: string, message: string, cause?: unknown) {
    super({ name: "MonetDownloadError", message, cause });
    this.url = url;
  }
}

/**
 * The client's download message in the provider's terms: its fixes name the client's options and
 * the CLI's flags, which an AI SDK user does not have. The allowed origin is `createMonet({ baseURL })`'s,
 * the size cap `maxDownloadBytes`, and the stall rule is fixed (the provider does not expose it).
 * (A client message worded otherwise is kept as it is.)
 */
export function ownTerms(message: string): string {
  return message
    .replace("(raise maxBytes / --max-bytes)", "(raise createMonet({ maxDownloadBytes }))")
    .replace(/each stallTimeout must bring \(stallMinBytes\)/, "that must arrive in that time")
    .replace(
      /list the API's base URL: allowOrigins: \[monet\.baseUrl\]( \(the CLI: [^)]*\))?/,
      "createMonet({ baseURL }) (or MONET_BASE_URL) names the one allowed origin",
    );
}

export interface DownloadPolicy {
  /** The API's base URL: its origin is trusted, and a local base allows local outputs. */
  base: string;
  maxBytes: number;
  fetch: typeof fetch;
}

/**
 * The output's bytes and media type (the response's, if it is on the client's list of output
 * types), and the content-type the server sent (for an error saying what came instead).
 */
export async function download(
  url: string,
  policy: DownloadPolicy,
  signal?: AbortSignal,
): Promise<{ data: Uint8Array; mediaType: string | undefined; served: string | undefined }> {
  let served: string | undefined;
  // Each hop's response (redirects are followed by hand): the last is the one read.
  const seen: typeof fetch = async (input, init) => {
    const res = await policy.fetch(input, init);
    served = res.headers.get("content-type") ?? undefined;
    return res;
  };
  try {
    const out = await openOutput(url, { allowOrigins: [policy.base], maxBytes: policy.maxBytes, fetch: seen, signal });
    // The body is the client's capped stream: reading it whole stops at maxBytes.
    return { data: new Uint8Array(await new Response(out.body).arrayBuffer()), mediaType: out.type, served };
  } catch (e) {
    if (e instanceof OutputError) throw new MonetDownloadError(url, ownTerms(e.message), e);
    throw e;
  }
}
