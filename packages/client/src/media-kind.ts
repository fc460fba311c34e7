// Which local files may be uploaded: images, videos and audio, known by their extension and
// confirmed by their first bytes, so a key file renamed `.png` is still refused. One rule for
// every Node entry that reads a user's file (the MCP server's upload_file, the CLI's uploads).
const at = (b: Uint8Array, offset: number, ascii: string) => [...ascii].every((c, i) => b[offset + i] === c.charCodeAt(0));
const bytes = (b: Uint8Array, sig: number[]) => sig.every((x, i) => b[i] === x);

/** ISO base media (MP4, QuickTime, M4A): a box with a known type at offset 4. */
const isoBox = (b: Uint8Array) => ["ftyp", "moov", "mdat", "wide", "free", "skip", "pnot"].some((t) => at(b, 4, t));

export interface MediaKind {
  type: string;
  /** What the first bytes must look like. */
  looks: (b: Uint8Array) => boolean;
}

const KINDS: Record<string, MediaKind> = {
  ".png": { type: "image/png", looks: (b) => bytes(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
  ".jpg": { type: "image/jpeg", looks: (b) => bytes(b, [0xff, 0xd8, 0xff]) },
  ".jpeg": { type: "image/jpeg", looks: (b) => bytes(b, [0xff, 0xd8, 0xff]) },
  ".gif": { type: "image/gif", looks: (b) => at(b, 0, "GIF87a") || at(b, 0, "GIF89a") },
  ".webp": { type: "image/webp", looks: (b) => at(b, 0, "RIFF") && at(b, 8, "WEBP") },
  ".mp4": { type: "video/mp4", looks: isoBox },
  ".mov": { type: "video/quicktime", looks: isoBox },
  ".webm": { type: "video/webm", looks: (b) => bytes(b, [0x1a, 0x45, 0xdf, 0xa3]) },
  ".m4a": { type: "audio/mp4", looks: isoBox },
  ".mp3": { type: "audio/mpeg", looks: (b) => at(b, 0, "ID3") || (b[0] === 0xff && (b[1] & 0xe0) === 0xe0) },
  ".wav": { type: "audio/wav", looks: (b) => at(b, 0, "RIFF") && at(b, 8, "WAVE") },
};

/** Bytes to read to check any signature above. */
export const SNIFF_BYTES = 16;
export const MEDIA_EXTENSIONS = Object.keys(KINDS);

/** The media type for a file name's extension, or undefined when it is not an accepted one. */
export function mediaKind(extension: string): MediaKind | undefined {
  return Object.hasOwn(KINDS, extension.toLowerCase()) ? KINDS[extension.toLowerCase()] : undefined;
}

/**
 * The part of an open file (`fs.promises.FileHandle`) that checking and uploading it use: written
 * out so that these types do not need `@types/node` in a consumer's project.
 */
export interface OpenFile {
  read(buffer: Uint8Array, offset: number, length: number, position: number): Promise<{ bytesRead: number }>;
  createReadStream(options: { start: number; autoClose: boolean }): AsyncIterable<Uint8Array>;
  close(): Promise<void>;
}

/** Whether the open file `handle` starts as `kind` says: the bytes checked are the handle's, never the path's again. */
export async function handleLooksLike(handle: OpenFile, kind: MediaKind): Promise<boolean> {
  const head = new Uint8Array(SNIFF_BYTES);
  const { bytesRead } = await handle.read(head, 0, SNIFF_BYTES, 0);
  return kind.looks(head.subarray(0, bytesRead));
}
