// The folders upload_file may read: the roots the MCP client declares (re-read when it says they
// changed), else MONET_MCP_ROOTS, else none. Each is resolved (symlinks too) before use.
import fs from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { RootsListChangedNotificationSchema } from "@modelcontextprotocol/sdk/types.js";

export interface AllowedFolders {
  /** Real paths of the folders that exist. */
  folders: string[];
  /** Where they came from, for messages. */
  source: "client roots" | "MONET_MCP_ROOTS" | "none";
}

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

export function allowedFolders(server: Server, envRoots: string[]) {
  let cached: Promise<AllowedFolders> | undefined;
  server.setNotificationHandler(RootsListChangedNotificationSchema, async () => {
    cached = undefined;
  });

  async function fromClient(): Promise<string[]> {
    if (!server.getClientCapabilities()?.roots) return [];
    try {
      const { roots } = await server.listRoots(undefined, { timeout: 10_000 });
      // Only file: roots name local folders.
      return roots.filter((r) => r.uri.startsWith("file:")).map((r) => fileURLToPath(r.uri));
    } catch {
      return [];
    }
  }

  async function load(): Promise<AllowedFolders> {
    const client = await fromClient();
    if (client.length) return { folders: await real(client), source: "client roots" };
    if (envRoots.length) return { folders: await real(envRoots), source: "MONET_MCP_ROOTS" };
    return { folders: [], source: "none" };
  }

  return {
    current(): Promise<AllowedFolders> {
      cached ??= load();
      const p = cached;
      // A failed read is not kept: the next call asks again.
      p.catch(() => (cached = undefined));
      return p;
    },
  };
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

/** What a path that `whereLeads` could not resolve is, for a refusal. */
export const unreadable = (what: string, given: string, error: string) =>
  error === "ENOENT" ? `${what} ${given}: no such file or folder` : `${what} ${given} cannot be read (${error})`;

/** True when `file` (a real path) is `folder` itself or below it. */
export function isInside(folder: string, file: string) {
  const rel = path.relative(folder, file);
  return rel !== "" && !rel.startsWith(`..${path.sep}`) && rel !== ".." && !path.isAbsolute(rel);
}
