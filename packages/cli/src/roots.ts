// MONET_CLI_ROOTS: an opt-in fence for every path the CLI reads or writes (--out, --images and
// other input files, --input, --body @file, upload's file, a pipeline file and its --out), the
// CLI's side of the MCP server's MONET_MCP_ROOTS. A harness running an agent sets it so an
// injected `--out /etc/x` or `--images ~/.ssh/id_rsa` is refused (exit 2) before anything is sent
// or made. Unset (or empty): paths go where the user names them, as before.
// Judged by real path: a link out of a root is outside; a path not made yet by its nearest existing
// parent. The CLI's own module, not MCP's roots.ts: that one also speaks the MCP roots protocol
// (it imports the MCP SDK), and its rules differ (absolute paths only, a root itself is no file).
import fs from "node:fs";
import path from "node:path";
import { isInside } from "@monet-ai/client/node";
import { CODE } from "./error-codes.js";
import { UsageError } from "./errors.js";
import { warnLine } from "./events.js";

export const ROOTS_ENV = "MONET_CLI_ROOTS";

interface Roots {
  /** Real paths of the roots that exist. */
  folders: string[];
  /** The entries as set (for messages). */
  given: string[];
}

let roots: Roots | null | undefined;

/** The fence, read once; null when MONET_CLI_ROOTS is unset or empty. */
export function cliRoots(): Roots | null {
  if (roots === undefined) roots = readRoots(warnLine);
  return roots;
}

/** MONET_CLI_ROOTS parsed: relative entries are ignored with a stderr line, the others resolved to real folders. */
function readRoots(warn: (line: string) => void): Roots | null {
  const items = (process.env[ROOTS_ENV] ?? "")
    .split(path.delimiter)
    .map((s) => s.trim())
    .filter(Boolean);
  if (!items.length) return null;
  const ignored = items.filter((p) => !path.isAbsolute(p));
  if (ignored.length) warn(`monet: ${ROOTS_ENV} entries must be absolute paths; ignored ${ignored.map((p) => JSON.stringify(p)).join(", ")}`);
  const given = items.filter((p) => path.isAbsolute(p));
  const folders: string[] = [];
  for (const f of given) {
    try {
      const real = fs.realpathSync(f);
      if (fs.statSync(real).isDirectory()) folders.push(real);
    } catch {
      /* a root that does not exist allows nothing */
    }
  }
  // Set but nothing usable: everything is refused, never "no fence".
  return { folders, given };
}

/** Where `p` leads: its real path, or its nearest existing parent's real path joined with the rest. */
export function whereLeads(p: string): string {
  let probe = path.resolve(p);
  const rest: string[] = [];
  for (;;) {
    try {
      return path.join(fs.realpathSync(probe), ...rest);
    } catch {
      if (path.dirname(probe) === probe) return path.resolve(p);
      rest.unshift(path.basename(probe));
      probe = path.dirname(probe);
    }
  }
}

const refusal = (field: string, given: string, r: Roots, how: string) =>
  new UsageError(
    `${field} ${given} ${how} the folders ${ROOTS_ENV} allows (${r.folders.length ? r.folders.join(path.delimiter) : `none of ${r.given.join(path.delimiter) || "its entries"} is an existing folder`}). Nothing was sent.`,
    { hint: false, code: CODE.outsideRoots, field },
  );

/**
 * Refuses `given` (a path the user named with `field`) when MONET_CLI_ROOTS is set and it is not
 * inside one of those folders; a root itself counts as inside (`--out` may be one).
 */
export function confine(given: string, field: string): void {
  const r = cliRoots();
  if (!r) return;
  const real = whereLeads(given);
  if (r.folders.some((f) => isInside(f, real))) return;
  throw refusal(field, given, r, real !== path.resolve(given) ? "leads (through a link) outside" : "is outside");
}

/** After opening: the file `fd` really holds is inside the roots (a path swapped after confine reads nothing). */
export function confineOpened(where: string | undefined, given: string, field: string): void {
  const r = cliRoots();
  if (!r) return;
  if (where && r.folders.some((f) => isInside(f, where))) return;
  throw refusal(field, given, r, "changed while it was opened and is now outside");
}

/** The roots' real folders for the pipeline runner's fileInside (undefined when unset). */
export const rootFolders = (): readonly string[] | undefined => cliRoots()?.folders;
