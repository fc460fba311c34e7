// An output must be what its task makes: an image task's outputs begin as an image, a video
// task's as a video. A URL can serve anything (an HTML page at `.png`), and an image's bytes go
// to the AI SDK bare, which calls what it does not recognise `image/png`: an app saving
// `lighthouse.png` and serving it on would serve someone's page. The signatures are the client's
// (`mediaKind`), the ones it checks local uploads with.
import { cut } from "@monet-ai/client/operations";
import { mediaKind } from "@monet-ai/client/outputs";
import { MonetDownloadError } from "./download.js";

const KINDS = {
  image: { extensions: [".png", ".jpg", ".webp", ".gif"], names: "PNG, JPEG, WebP or GIF", what: "an image" },
  video: { extensions: [".mp4", ".mov", ".webm"], names: "MP4, QuickTime or WebM", what: "a video" },
} as const;

export interface Served {
  url: string;
  data: Uint8Array;
  /** The content-type header the server sent, as sent (undefined: none). */
  served?: string;
}

/** Throws a `MonetDownloadError` when output `index` of `taskId` does not begin as a `type` (an image or a video). */
export function checkOutputKind(type: string, taskId: string, index: number, o: Served): void {
  const kind = type === "image" || type === "video" ? KINDS[type] : undefined;
  if (!kind || kind.extensions.some((e) => mediaKind(e)?.looks(o.data))) return;
  const origin = new URL(o.url).origin;
  const sent = o.served === undefined ? "no content-type" : `content-type ${JSON.stringify(cut(o.served, 100))}`;
  throw new MonetDownloadError(
    o.url,
    `Output ${index} of Monet task ${cut(taskId, 100)} is not ${kind.what}: its first bytes are not ${kind.names} (${origin} sent ${sent}, ${o.data.byteLength} bytes)`,
  );
}
