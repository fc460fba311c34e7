// Byte ranges of an upload or an output (RFC 9110, 14): a video player seeks with `Range` and
// Safari's needs `206` to play an MP4 at all. One range is served (`206` with `Content-Range`);
// several ranges get the whole body (`200`, as RFC 9110 allows: no multipart/byteranges), and so
// do a malformed header, another unit and any `If-Range` (the mock sends no validator one could
// match). A range past the end is `416` with `Content-Range: bytes */<size>`.
import rangeParser from "range-parser";

export type RangeAnswer = { status: 200 } | { status: 206; start: number; end: number } | { status: 416 };

const WHOLE: RangeAnswer = { status: 200 };
/** Whether a range's last byte comes before its first (`bytes=5-2`). */
const backwards = (range: string) =>
  range
    .slice(range.indexOf("=") + 1)
    .split(",")
    .some((spec) => {
      const m = /^\s*(\d+)\s*-\s*(\d+)\s*$/.exec(spec);
      return m !== null && Number(m[2]) < Number(m[1]);
    });

/** The answer to a request's `Range` (with `If-Range` or not) for a body of `size` bytes. */
export function byteRange(range: string | undefined, ifRange: boolean, size: number): RangeAnswer {
  if (range === undefined || ifRange) return WHOLE;
  const r = rangeParser(size, range, { combine: true });
  if (r === -2) return WHOLE;
  // None satisfiable: 416, unless one is invalid (its last byte before its first: 14.1.1 makes the
  // header invalid, to be ignored), which range-parser does not tell apart.
  if (r === -1) return /^\s*bytes\s*=/i.test(range) && !backwards(range) ? { status: 416 } : WHOLE;
  if (r.type.trim().toLowerCase() !== "bytes" || r.length !== 1) return WHOLE;
  return { status: 206, start: r[0].start, end: r[0].end };
}

/** The headers of a range's answer beside the whole body's: its length and where it lies. */
export const rangeHeaders = (a: { start: number; end: number }, size: number) => ({
  "content-length": a.end - a.start + 1,
  "content-range": `bytes ${a.start}-${a.end}/${size}`,
});
