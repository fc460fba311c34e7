// A mock image's size in pixels: the asked aspect ratio, small (16:9 is 16x9 px, 1:1 16x16, 8:1
// 16x2, 2:3 12x18), so a frontend can lay out a banner or a portrait before it has a key. A task with no
// `W:H` aspect ratio gets the 8x8 placeholder.
import { crc32, deflateSync } from "node:zlib";

/** The long side a ratio is scaled up to (at least), and the most a side may be. */
const LONG_SIDE = 16;
const MAX_SIDE = 64;

/** "16x9" for `aspect_ratio: "16:9"`; "" for none, or a value that is not `W:H`. */
export function imageSize(aspectRatio: unknown): string {
  const m = typeof aspectRatio === "string" ? /^(\d{1,2}):(\d{1,2})$/.exec(aspectRatio) : null;
  if (!m) return "";
  const [w, h] = [Number(m[1]), Number(m[2])];
  if (!w || !h) return "";
  const k = Math.ceil(LONG_SIDE / Math.max(w, h));
  return `${w * k}x${h * k}`;
}

/** The width and height a size text names, or undefined when it is not one imageSize makes. */
export function parseSize(size: string): [number, number] | undefined {
  const m = /^(\d{1,2})x(\d{1,2})$/.exec(size);
  const wh = m ? ([Number(m[1]), Number(m[2])] as [number, number]) : undefined;
  return wh?.every((n) => n >= 1 && n <= MAX_SIDE) ? wh : undefined;
}

const made = new Map<string, Uint8Array>();

/** A solid-colour RGB PNG of that size (made once per size: the ratios are a model's few). */
export function pngOfSize(width: number, height: number): Uint8Array {
  const key = `${width}x${height}`;
  let png = made.get(key);
  if (!png) {
    png = encodePng(width, height);
    made.set(key, png);
  }
  return png;
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, "latin1");
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

function encodePng(width: number, height: number): Uint8Array {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, no interlace
  // Each row: filter byte 0, then the pixels (the 8x8 placeholder's colour).
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width }, () => [0x6a, 0x5a, 0xff]).flat())]);
  const pixels = Buffer.concat(Array.from({ length: height }, () => row));
  return new Uint8Array(
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk("IHDR", ihdr),
      chunk("IDAT", deflateSync(pixels)),
      chunk("IEND", Buffer.alloc(0)),
    ]),
  );
}
