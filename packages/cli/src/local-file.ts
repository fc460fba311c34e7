// Local files named on the command line (uploads, --images, --input): a missing one is named as
// the user typed it, before anything is sent.
import fs from "node:fs";
import { fileFromPath } from "@monet-ai/client/node";
import { UsageError } from "./errors.js";

function check(p: string) {
  let st: fs.Stats;
  try {
    st = fs.statSync(p);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(code === "ENOENT" || code === "ENOTDIR" ? `no such file: ${p}` : `cannot read ${p} (${code})`, { hint: false });
  }
  if (!st.isFile()) throw new UsageError(`not a file: ${p}`, { hint: false });
}

/** A File streamed from disk, for uploads. */
export async function localFile(p: string): Promise<File> {
  check(p);
  return fileFromPath(p);
}

/** A file's text, or stdin's for "-", at most `max` bytes. */
export async function readText(p: string, max: number): Promise<string> {
  if (p !== "-") {
    check(p);
    if (fs.statSync(p).size > max) throw new UsageError(`${p} is larger than ${max} bytes`, { hint: false });
    return fs.readFileSync(p, "utf8");
  }
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > max) throw new UsageError(`stdin holds more than ${max} bytes`, { hint: false });
    parts.push(chunk);
  }
  return Buffer.concat(parts).toString("utf8");
}
