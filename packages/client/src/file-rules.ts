// The API's upload rules, from the spec (uploadFile's x-monet-file-lifetime-ms and
// x-monet-max-upload-bytes): the CLI, the MCP server and the AI SDK provider state them from here.
import { uploadFile } from "./generated/operations/uploadFile.gen.js";

/** How long an uploaded file lives, in ms. */
export const FILE_LIFETIME_MS: number = uploadFile.extensions["x-monet-file-lifetime-ms"];
/** The largest upload the spec assumes (the reference names none), in bytes. */
export const MAX_UPLOAD_BYTES: number = uploadFile.extensions["x-monet-max-upload-bytes"];

/** `ms` in the largest unit it is a whole number of: "24 hours", "90 minutes", "1 second". */
function durationInWords(ms: number): string {
  const units: [string, number][] = [
    ["hour", 3_600_000],
    ["minute", 60_000],
    ["second", 1000],
  ];
  const [unit, size] = units.find(([, size]) => ms % size === 0 && ms >= size) ?? ["millisecond", 1];
  const n = ms / size;
  return `${n} ${unit}${n === 1 ? "" : "s"}`;
}

/** The file lifetime in words ("24 hours"), for messages and help. */
export const FILE_LIFETIME: string = durationInWords(FILE_LIFETIME_MS);
