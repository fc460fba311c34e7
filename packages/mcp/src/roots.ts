// The folders upload_file may read: the roots the MCP client declares (re-read when it says they
// changed), else MONET_MCP_ROOTS, else none. Each is resolved (symlinks too) before use. A client
// that declares roots is held to them: a root that cannot be decoded (`file://host/...`, an
// encoded `/`) is skipped with a line on stderr and the others kept, as the official filesystem
// server's getValidRootDirectories does; when none of them can be used, or the list cannot be
// read, every call is refused saying why (a failed read is remembered, as any answer is, until
// the client says its roots changed). Never another set in their place: MONET_MCP_ROOTS is for a
// client that declares none.
import fs from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { ResultSchema, RootsListChangedNotificationSchema } from "@modelcontextprotocol/sdk/types.js";

export interface AllowedFolders {
  /** Real paths of the folders that exist. */
  folders: string[];
  /** Where they came from, for messages. */
  source: "client roots" | "MONET_MCP_ROOTS" | "none";
  /** Why no folder is allowed although the client declared roots (none usable, or the list unreadable). */
  unusable?: string;
}

/** How long the client gets to answer roots/list. */
const ROOTS_TIMEOUT_MS = 10_000;

/** MONET_MCP_ROOTS: absolute folders separated by the platform's path delimiter (`:`, `;` on Windows). */
export function parseEnvRoots(value: string | undefined): { roots: string[]; ignored: string[] } {
  const items = (value ?? "")
    .split(path.delimiter)
    .map((s) => s.trim())
    .filter(Boolean);
  return { roots: items.filter((p) => path.isAbsolute(p)), ignored: items.filter((p) => !path.isAbsolute(p)) };
}

async function real(folders: string[]) {
  const out: string[] = [];
  for (const f of folders) {
    try {
      const p = await fs.realpath(f);
      if ((await fs.stat(p)).isDirectory()) out.push(p);
    } catch {
      /* a folder that does not exist allows nothing */
    }
  }
  return out;
}

/** What a refusal says when `allowed` holds no folder; `may` is `upload_file may read`, `run_pipeline may use`. */
export function noFolder(may: string, allowed: AllowedFolders) {
  if (allowed.unusable) return `${may} no folder: ${allowed.unusable}.`;
  return allowed.source === "none"
    ? `${may} no folder: the client declared no roots and MONET_MCP_ROOTS is not set.`
    : `${may} no folder: none of the ${allowed.source} exists.`;
}

/** `changed` is told the folders each time the client says its roots changed (runs outside them stop). */
export function allowedFolders(server: Server, envRoots: string[], warn: (line: string) => void, changed?: (allowed: AllowedFolders) => void) {
  let cached: Promise<AllowedFolders> | undefined;
  server.setNotificationHandler(RootsListChangedNotificationSchema, async () => {
    cached = undefined;
    if (changed) void current().then(changed, () => changed({ folders: [], source: "client roots" }));
  });

  /** The client's roots as local folders; `undefined` when it declares none. */
  async function fromClient(): Promise<{ folders: string[]; unusable?: string } | undefined> {
    if (!server.getClientCapabilities()?.roots) return undefined;
    let roots: unknown;
    try {
      // Read loosely (not listRoots, whose schema fails the whole list on one root that is not
      // file://): each root is judged on its own below.
      ({ roots } = (await server.request({ method: "roots/list" }, ResultSchema, { timeout: ROOTS_TIMEOUT_MS })) as { roots?: unknown });
      if (!Array.isArray(roots)) throw new Error("its answer holds no list of roots");
    } catch (e) {
      const why = `the client declares roots but its roots/list failed (${shown(String((e as Error).message).split("\n")[0] ?? "")}), and no folder replaces them; the server asks again once the client sends notifications/roots/list_changed`;
      warn(`monet-mcp: ${why}`);
      // Kept until the client says its roots changed: a client whose roots/list hangs made every
      // call wait the full timeout again.
      return { folders: [], unusable: why };
    }
    if (!roots.length) return undefined;
    const decoded: string[] = [];
    const uris = roots.map((r) => (r && typeof r === "object" && typeof (r as { uri?: unknown }).uri === "string" ? (r as { uri: string }).uri : ""));
    for (const uri of uris) {
      try {
        // Only file: roots name local folders.
        if (!uri.startsWith("file:")) throw new Error("not a file: URI");
        decoded.push(fileURLToPath(uri));
      } catch (e) {
        warn(`monet-mcp: skipped client root ${JSON.stringify(shown(uri))}: ${(e as Error).message}`);
      }
    }
    const folders = await real(decoded);
    if (folders.length) return { folders };
    return {
      folders,
      unusable: `none of the ${uris.length} root${uris.length === 1 ? "" : "s"} the client declares is a local folder that exists (${uris
        .slice(0, 5)
        .map((u) => JSON.stringify(shown(u)))
        .join(", ")}${uris.length > 5 ? ", …" : ""}), and no folder replaces them`,
    };
  }

  async function load(): Promise<AllowedFolders> {
    const client = await fromClient();
    if (client) return { folders: client.folders, source: "client roots", ...(client.unusable ? { unusable: client.unusable } : {}) };
    if (envRoots.length) return { folders: await real(envRoots), source: "MONET_MCP_ROOTS" };
    return { folders: [], source: "none" };
  }

  async function current(): Promise<AllowedFolders> {
    cached ??= load();
    const p = cached;
    // What the client answered, failure included, holds until it says its roots changed; only a
    // throw of our own (none expected) is not kept.
    return p.catch((e) => {
      if (cached === p) cached = undefined;
      throw e;
    });
  }
  return { current };
}

/**
 * Where `given` (absolute) leads: its real path, or, when that cannot be read, the real path of
 * its nearest readable parent joined with the rest, and the error (`ENOENT`, `EACCES`) that
 * stopped it. A caller decides "inside an allowed folder?" on that path first, so its refusal of
 * a path outside them is the same whether or not the path exists: no probing for files there.
 */
export async function whereLeads(given: string): Promise<{ real: string; error?: string }> {
  let probe = path.resolve(given);
  const rest: string[] = [];
  let error: string | undefined;
  for (;;) {
    try {
      return { real: path.join(await fs.realpath(probe), ...rest), error };
    } catch (e) {
      error ??= (e as NodeJS.ErrnoException).code ?? "error";
      if (path.dirname(probe) === probe) return { real: path.resolve(given), error };
      rest.unshift(path.basename(probe));
      probe = path.dirname(probe);
    }
  }
}

/** Longest path a message repeats whole: a longer one is shown by its two ends and its length. */
const SHOWN = 200;

/** `p` as a message repeats it: control characters escaped (none reaches the agent raw), a long one cut. */
export function shown(p: string) {
  const safe = p.replace(/\p{Cc}/gu, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  return safe.length > SHOWN ? `${safe.slice(0, 120)}…${safe.slice(-60)} (${p.length} characters)` : safe;
}

/** A NUL, which no file name holds (Node refuses it raw): named, before any file-system call. */
export const nulIn = (what: string, given: string) =>
  given.includes("\0") ? `${what} contains a NUL character (at position ${given.indexOf("\0")}), which no file name can hold.` : undefined;

/**
 * A `file:` URL where a path goes: roots reach the agent as `file://` URIs, and it passes them on.
 * Said as that, with the path it names, not as "must be absolute"; never read or fetched.
 */
export function fileUrlIn(what: string, given: string): string | undefined {
  if (!/^file:/i.test(given)) return undefined;
  let named: string | undefined;
  try {
    named = fileURLToPath(given);
  } catch {
    /* another host's file://host/..., an encoded / : no local path to give */
  }
  return `${what} "${shown(given)}" is a file: URL, not a path: give ${named ? `the path it names, "${shown(named)}"` : "the file's absolute path"} instead (it is checked like any path).`;
}

/** What a path that `whereLeads` could not resolve is, for a refusal. */
export const unreadable = (what: string, given: string, error: string) =>
  error === "ENOENT" ? `${what} ${shown(given)}: no such file or folder` : `${what} ${shown(given)} cannot be read (${error})`;

/** True when `file` (a real path) is `folder` itself or below it. */
export function isInside(folder: string, file: string) {
  const rel = path.relative(folder, file);
  return rel !== "" && !rel.startsWith(`..${path.sep}`) && rel !== ".." && !path.isAbsolute(rel);
}
