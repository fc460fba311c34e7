// Reading a pipeline file: a regular file of at most MAX_PIPELINE_FILE_BYTES (a 400 MB file, read
// whole and parsed, held an MCP server for 35 s and 1.7 GB), parsed, and checked to be a mapping
// with steps before any of its content can reach an error: a file that is not a pipeline (a .env,
// an app's config) is described by its kind, never by its keys or values. A confined reader's file
// must also have a pipeline's shape (pipeline-shape.ts): a CI file with `steps` is not quoted either.
import fs from "node:fs";
import path from "node:path";
import { jsonFailure } from "@monet-ai/models";
import { parse as parseYaml } from "yaml";
import { withoutBom } from "./bom.js";
import { fileLines, type Lines, placeInlineItems } from "./check-lines.js";
import { PipelineFileError } from "./errors.js";
import { NO_FOLLOW_READ, NON_BLOCKING } from "./no-follow-read.js";
import { inside, realFolder, whereOpened } from "./paths.js";
import { notPipelineShaped } from "./pipeline-shape.js";

/** The largest pipeline file read: 10 MiB (any number of items fits in an items file beside it). */
export const MAX_PIPELINE_FILE_BYTES = 10 * 1024 * 1024;

/** Parses pipeline text: JSON for `.json` files, YAML (1.2, where `16:9` stays text) otherwise. */
export function parsePipelineText(text: string, fileName = "pipeline.yaml"): unknown {
  const json = fileName.toLowerCase().endsWith(".json");
  try {
    if (json) return JSON.parse(withoutBom(text));
    // uniqueKeys refuses a step written twice; maxAliasCount bounds alias expansion; logLevel
    // "error": yaml's warnings (an unknown tag) quote their line on stderr, which an MCP client logs.
    return parseYaml(text, { uniqueKeys: true, maxAliasCount: 1000, logLevel: "error" });
  } catch (e) {
    const why = json ? jsonFailure(text, e) : yamlFailure(e);
    throw new PipelineFileError([{ path: "", message: `${path.basename(fileName)} is not valid ${json ? "JSON" : "YAML"}: ${why}` }], fileName);
  }
}

/**
 * A YAML error by its kind and place, never its words: yaml's messages can quote the text (an
 * unresolved alias names it, `%YAML` quotes the version written), and a file given as a pipeline
 * may be an app's config holding secrets.
 */
function yamlFailure(e: unknown): string {
  const { code, linePos } = (e ?? {}) as { code?: unknown; linePos?: { line: number; col: number }[] };
  // Thrown while building the value, with no code or place: a value starting with * is an alias.
  if (e instanceof ReferenceError && e.message.startsWith("Unresolved alias")) return "a value starting with * (an alias) names no anchor set before it";
  const kind = typeof code === "string" && /^[A-Z_]+$/.test(code) ? code.toLowerCase().replaceAll("_", " ") : "it cannot be parsed";
  const at = linePos?.[0];
  return at ? `${kind} at line ${at.line}, column ${at.col}` : kind;
}

export interface PipelineFileOptions {
  /**
   * Real paths of the folders the pipeline file must be in (an MCP server's allowed folders). The
   * file is then checked where the opened descriptor is, not by its path (see openedInside): a
   * folder on the path swapped for a link out after the caller's check reads nothing. Without
   * it, the path is the caller's own choice and is read wherever it leads.
   */
  fileInside?: readonly string[];
}

/**
 * Reads, parses and shape-checks the pipeline file `file`; throws PipelineFileError. `dir` is the
 * real folder its items and local media are relative to, resolved once, here: with `fileInside`,
 * the folder the opened file is really in.
 */
export function readPipelineFile(file: string, opts: PipelineFileOptions = {}): { abs: string; dir: string; raw: Record<string, unknown>; lines: Lines } {
  const abs = path.resolve(file);
  const fail = (message: string) => new PipelineFileError([{ path: "", message }], file);
  const within = opts.fileInside;
  let fd: number;
  try {
    // Never blocking on a FIFO (it is refused below). Not following a link only for a checked file:
    // its caller gave its real path, so a link there is a swap; a user's own path may be a link.
    fd = fs.openSync(abs, within ? NO_FOLLOW_READ : fs.constants.O_RDONLY | NON_BLOCKING);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (within && (code === "ELOOP" || code === "ENOENT" || code === "ENOTDIR")) throw fail(changed(file));
    throw fail(`cannot read ${file}: ${code ?? (e as Error).message}`);
  }
  let text: string;
  let dir: string;
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile()) throw fail(`${file} is not a regular file`);
    if (within) {
      const where = whereOpened(fd, abs);
      if (!where || !within.some((d) => inside(d, where))) throw fail(changed(file));
      dir = path.dirname(where);
    } else dir = realFolder(path.dirname(abs));
    if (st.size > MAX_PIPELINE_FILE_BYTES) throw fail(tooLarge(file, st.size));
    text = readCapped(fd, file);
  } finally {
    fs.closeSync(fd);
  }
  const raw = parsePipelineText(text, abs);
  if (!raw || typeof raw !== "object" || Array.isArray(raw))
    throw fail(`${path.basename(abs)} holds ${kind(raw)}, not a pipeline (a mapping with name and steps)`);
  if (!("steps" in raw)) throw fail(`${path.basename(abs)} is not a pipeline: it has no steps (a pipeline is a mapping with name and steps)`);
  // A confined reader's file (an agent's choice) must look like a pipeline before an issue may quote it.
  const shape = within ? notPipelineShaped(raw as Record<string, unknown>, path.basename(abs)) : undefined;
  if (shape) throw fail(shape);
  // Only a pipeline's places are worked out: an issue then names the line to edit.
  const lines = fileLines(text, abs);
  placeInlineItems((raw as { items?: unknown }).items, lines);
  return { abs, dir, raw: raw as Record<string, unknown>, lines };
}

const changed = (file: string) => `${file} changed while it was being read (a folder or file on its path was replaced); nothing of it was read`;

/** The refusal of a pipeline file of `bytes`, for every reader of one (the CLI, MCP's run_pipeline). */
export const tooLarge = (file: string, bytes: number) =>
  `${file} is ${(bytes / 1024 / 1024).toFixed(1)} MiB; a pipeline file may be at most ${MAX_PIPELINE_FILE_BYTES / 1024 / 1024} MiB (put many items in an items file)`;

/** Reads to the end, refusing a file that grew past the cap since it was checked. */
function readCapped(fd: number, file: string): string {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const buf = Buffer.alloc(64 * 1024);
    const n = fs.readSync(fd, buf, 0, buf.length, null);
    if (!n) break;
    total += n;
    if (total > MAX_PIPELINE_FILE_BYTES) throw new PipelineFileError([{ path: "", message: tooLarge(file, total) }], file);
    chunks.push(buf.subarray(0, n));
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** What a parsed file holds, said without its content. */
function kind(v: unknown): string {
  if (v === null || v === undefined) return "nothing";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "string") return "plain text";
  return `a single ${typeof v === "number" ? "number" : "value"}`;
}
