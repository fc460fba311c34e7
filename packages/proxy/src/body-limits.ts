// The defaults of the request-body limits (bodyIdleTimeout, maxBodyBytes), as nginx bounds a
// proxied body (client_body_timeout 60 s between two reads, client_max_body_size), with the size
// made to fit the largest upload the API accepts (the spec's x-monet-max-upload-bytes), so the
// proxy never refuses what Monet would take.
import { operations } from "./generated/operations.gen.js";

/** The largest file the API takes (the spec's uploadFile x-monet-max-upload-bytes). */
const MAX_UPLOAD_BYTES: number = operations.uploadFile.extensions["x-monet-max-upload-bytes"];
/** Room for the multipart headers and boundaries around the largest file (as the mock allows). */
const MULTIPART_ROOM = 64 * 1024;

/** The largest request body forwarded by default: the largest upload, in its multipart envelope. */
export const MAX_BODY_BYTES = MAX_UPLOAD_BYTES + MULTIPART_ROOM;
/** The longest silence inside a request body (between two reads, so a slow upload that keeps moving passes). */
export const BODY_IDLE_TIMEOUT_MS = 60_000;

/** `maxBodyBytes`, checked at start-up: a positive whole number of bytes. */
export function sizeOption(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 1)
    throw new Error(`The Monet proxy's ${name} must be a whole number of bytes, at least 1, got ${String(value)}.`);
  return value;
}

const MiB = 2 ** 20;
/** Why a body was refused for its size, naming the option and the limit. */
export const tooLargeMessage = (limit: number) =>
  `The request body is larger than this proxy forwards (maxBodyBytes: ${limit} bytes${limit >= MiB ? `, ${Math.round((limit / MiB) * 10) / 10} MiB` : ""}).`;
