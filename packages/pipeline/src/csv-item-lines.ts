// The line each record of a CSV items file starts on. csv-parse's `info.lines` is the line a record
// ends on (and counts a CRLF inside a quoted field as two), so a record whose quoted field holds
// newlines was placed on its last line, or further. Its `info.bytes` is exact: where each record
// ends in the file's bytes. A record starts at the first byte after the one before it (the header
// for the first) that is not blank: skip_empty_lines and trim drop the blank lines between.
import { parse as parseCsv } from "csv-parse/sync";

/** What csv-parse tells of a record with `info`: the bytes read up to its end (its line end included). */
export interface CsvInfo {
  bytes: number;
}

const NEWLINE = 10;
const BLANK = new Set([32, 9, 13, NEWLINE]);

/**
 * The line (from 1) each record starts on, from the records' `info` as `parseCsv(text, { columns:
 * true, bom: true, skip_empty_lines: true, trim: true, info: true })` gave them (text parsed without error).
 */
export function csvItemLines(text: string, infos: readonly CsvInfo[]): number[] {
  if (!infos.length) return [];
  const bytes = Buffer.from(text);
  // The header's end: the header and the first record parsed again alone, the header as a record.
  // (As the file was parsed, less `columns`; the first record read as such, none after it.)
  // (csv-parse's types leave `info` out of a record without `columns`.)
  const [header] = parseCsv(bytes.subarray(0, infos[0]?.bytes), { bom: true, skip_empty_lines: true, trim: true, info: true, to: 1 }) as unknown as {
    info: CsvInfo;
  }[];
  const lines: number[] = [];
  let line = 1;
  let at = 0;
  for (const [i, info] of infos.entries()) {
    let start = i ? (infos[i - 1] as CsvInfo).bytes : (header?.info.bytes ?? 0);
    while (start < info.bytes && BLANK.has(bytes[start] as number)) start++;
    for (; at < start; at++) if (bytes[at] === NEWLINE) line++;
    lines.push(line);
  }
  return lines;
}
