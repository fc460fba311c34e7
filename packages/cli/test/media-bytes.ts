// The smallest bytes that pass the media check for a file name: each format's own signature
// (PNG's 8 bytes, an ISO box "ftyp" for MP4), as the formats define them, then a little padding.
import path from "node:path";

const SIGNATURES: Record<string, number[]> = {
  ".png": [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
  ".jpg": [0xff, 0xd8, 0xff, 0xe0],
  ".mp4": [0, 0, 0, 0x18, ...Buffer.from("ftypisom")],
  ".mp3": [...Buffer.from("ID3")],
};

export function mediaBytes(name: string): Buffer {
  const sig = SIGNATURES[path.extname(name).toLowerCase()];
  if (!sig) throw new Error(`no test signature for ${name}`);
  return Buffer.concat([Buffer.from(sig), Buffer.alloc(8)]);
}
