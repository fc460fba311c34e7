// run_pipeline: a pipeline file run by @monet-ai/pipeline, with both paths confined to the folders
// the user allowed (the same roots as upload_file). The runner reads the file only through a
// descriptor checked to be inside those folders (fileInside: a path swapped after the check below
// reads nothing), keeps items and local media inside the folder that opened file is really in,
// and everything it writes inside outDir (a link below outDir that leads out is refused).
import fs from "node:fs/promises";
import path from "node:path";
import type { Monet } from "@monet-ai/client";
import { dryRun, MAX_PIPELINE_FILE_BYTES, type PipelineEvent, pipelineFileTooLarge, runPipeline } from "@monet-ai/pipeline";
import { type AllowedFolders, fileUrlIn, isInside, noFolder, nulIn, shown, unreadable, whereLeads } from "./roots.js";
import { changedOr, howToAllow, Refused } from "./upload.js";

/** The real path of `given` (or, for a folder not made yet, where it will be) inside an allowed folder. */
async function confined(given: string, what: string, allowed: AllowedFolders, mayNotExist = false): Promise<string> {
  const nul = nulIn(what, given);
  if (nul) throw new Refused(nul);
  const url = fileUrlIn(what, given);
  if (url) throw new Refused(url);
  if (!path.isAbsolute(given)) throw new Refused(`${what} must be an absolute path (got "${shown(given)}").`);
  if (!allowed.folders.length) throw new Refused(`${noFolder("run_pipeline may use", allowed)} ${howToAllow(allowed)}`);
  const { real, error } = await whereLeads(given);
  if (!allowed.folders.some((f) => isInside(f, real) || (mayNotExist && f === real)))
    throw new Refused(
      `${what} ${shown(given)} ${real !== path.resolve(given) ? "leads (through a link) outside" : "is outside"} the folders run_pipeline may use (${allowed.source}: ${allowed.folders.join(", ")}). ${howToAllow(allowed)}`,
    );
  // A folder not made yet is made by the run, inside an allowed folder.
  if (error && !(mayNotExist && error === "ENOENT")) throw new Refused(unreadable(what, given, error));
  return real;
}

const PIPELINE_EXTENSIONS = [".yaml", ".yml", ".json"];

/** Refuses a path (or the real path a link leads to) that does not end in a pipeline file's extension. */
function pipelineName(p: string, given: string) {
  if (!PIPELINE_EXTENSIONS.includes(path.extname(p).toLowerCase()))
    throw new Refused(
      `file must be a pipeline file ending in ${PIPELINE_EXTENSIONS.join(", ")} (got "${shown(given)}"${p === given ? "" : ", a link to a file that is not one"}).`,
    );
}

export interface PipelineArgs {
  file: string;
  outDir?: string;
  dryRun?: boolean;
  retryFailed?: boolean;
}

/** What run_pipeline was asked, checked: a dry run's plan, or the real file and outDir of a run. */
export type PipelineCall = { dryRun: Record<string, unknown> } | { file: string; outDir: string; fileInside: readonly string[] };

export async function checkPipelineCall(args: PipelineArgs, allowed: AllowedFolders): Promise<PipelineCall> {
  // Only pipeline files are read: any other file (a .env, a key) could be quoted back in an error.
  const nul = nulIn("file", args.file);
  if (nul) throw new Refused(nul);
  pipelineName(args.file, args.file);
  const file = await confined(args.file, "file", allowed);
  pipelineName(file, args.file);
  const stat = await fs.stat(file).catch((e) => Promise.reject(new Refused(changedOr("file", args.file, e))));
  if (!stat.isFile()) throw new Refused(`file ${shown(args.file)} is not a regular file.`);
  // Before dryRun, which would say the same as a plan's issue: here it is a refusal, with no read.
  if (stat.size > MAX_PIPELINE_FILE_BYTES) throw new Refused(`file ${pipelineFileTooLarge(shown(args.file), stat.size)}.`);
  const fileInside = allowed.folders;
  if (args.dryRun) return { dryRun: { ...dryRun(file, undefined, { fileInside }) } };
  if (!args.outDir) throw new Refused("outDir is required unless dryRun is true: the folder the outputs, manifest.json and the journal go to.");
  return { file, outDir: await confined(args.outDir, "outDir", allowed, true), fileInside };
}

/** Runs a checked pipeline call to its end (pipeline-runs.ts keeps it going between calls). */
export async function startPipeline(
  call: { file: string; outDir: string; fileInside: readonly string[] },
  client: Monet,
  retryFailed: boolean,
  opts: { signal: AbortSignal; onEvent: (e: PipelineEvent) => void },
): Promise<Record<string, unknown>> {
  return (await runPipeline(call.file, { client, ...call, retryFailed, ...opts })) as unknown as Record<string, unknown>;
}
