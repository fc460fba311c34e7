// upload_file's file access: only a regular media file inside an allowed folder is opened, and a
// refusal says why before anything is read or sent.
import { constants } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { handleLooksLike, MEDIA_EXTENSIONS, mediaKind } from "@monet-ai/client/node";
import { MAX_UPLOAD_BYTES } from "@monet-ai/client/operations";
import { openedInside } from "@monet-ai/pipeline";
import { type AllowedFolders, fileUrlIn, isInside, noFolder, nulIn, shown, unreadable, whereLeads } from "./roots.js";

/** A refusal: the agent reads the reason; nothing was opened beyond a type check, nothing sent. */
export class Refused extends Error {
  override name = "Refused";
}

/**
 * How the user allows a folder. Under client roots only the client's roots help: MONET_MCP_ROOTS
 * never stands in for them (roots.ts), so naming it there would send the user to a fix that fails.
 */
export const howToAllow = (allowed: Pick<AllowedFolders, "source">) =>
  allowed.source === "client roots"
    ? "Allow a folder by adding it to your MCP client's roots (the folders it shares with servers); while the client declares roots, MONET_MCP_ROOTS does not apply."
    : "Allow a folder by adding it to your MCP client's roots (the folders it shares with servers), or set MONET_MCP_ROOTS to its absolute path in the server's env (several joined by the path delimiter, `:` on macOS and Linux, `;` on Windows).";

function describe(st: { isDirectory(): boolean; isFIFO(): boolean; isSocket(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean }) {
  if (st.isDirectory()) return "a folder";
  if (st.isFIFO()) return "a named pipe (FIFO)";
  if (st.isSocket()) return "a socket";
  if (st.isCharacterDevice() || st.isBlockDevice()) return "a device";
  return "not a regular file";
}

/** A path that vanished or turned into a link after its check: said with the argument's name, not as a raw ENOENT. */
export const changedOr = (what: string, given: string, e: NodeJS.ErrnoException) =>
  e.code === "ENOENT" || e.code === "ELOOP" || e.code === "ENOTDIR"
    ? `${what} ${shown(given)} changed while it was being checked (it is gone or now a link); nothing was read or sent.`
    : unreadable(what, given, e.code ?? "error");

const mib = (bytes: number) => `${+(bytes / 2 ** 20).toFixed(1)} MiB`;
/** A file over the spec's upload bound (uploadFile's x-monet-max-upload-bytes, read from the client's generated value). */
const tooLarge = (show: string, size: number) =>
  `path ${show} is ${size} bytes (${mib(size)}), more than the ${MAX_UPLOAD_BYTES} bytes (${mib(MAX_UPLOAD_BYTES)}) an upload may be; nothing was read or sent.`;

/** Checks `given` against the allowed folders and opens it; throws `Refused` saying why not. */
export async function openMedia(given: string, allowed: AllowedFolders) {
  const nul = nulIn("path", given);
  if (nul) throw new Refused(nul);
  const show = shown(given);
  const url = fileUrlIn("path", given);
  if (url) throw new Refused(url);
  if (!path.isAbsolute(given)) throw new Refused(`path must be absolute (got "${show}"); relative paths and ~ are not expanded.`);
  if (!allowed.folders.length) throw new Refused(`${noFolder("upload_file may read", allowed)} ${howToAllow(allowed)}`);
  // Symlinks resolved first, so a link inside a folder cannot point outside it.
  const { real, error } = await whereLeads(given);
  // An allowed folder itself is inside nothing allowed, but "outside" would contradict the list.
  if (allowed.folders.includes(real)) throw new Refused(`path ${show} is a folder the user allowed, not a file: give the path of a file inside it.`);
  if (!allowed.folders.some((f) => isInside(f, real)))
    throw new Refused(
      // Where it leads is not said: a refusal must not map links and folders outside (the server's cwd, its pid).
      `path ${show} ${real !== path.resolve(given) ? "leads (through a link) outside" : "is outside"} the folders upload_file may read (${allowed.source}: ${allowed.folders.join(", ")}). ${howToAllow(allowed)}`,
    );
  if (error) throw new Refused(unreadable("path", given, error));
  const kind = mediaKind(path.extname(real));
  if (!kind) throw new Refused(`only image, video and audio files can be uploaded (${MEDIA_EXTENSIONS.join(", ")}); ${path.basename(real)} is not one.`);
  // Type first, without opening: opening a FIFO would wait for a writer.
  const st = await fs.stat(real).catch((e) => Promise.reject(new Refused(changedOr("path", given, e))));
  if (!st.isFile()) throw new Refused(`path ${show} is ${describe(st)}, not a regular file.`);
  // Known before a byte is sent: over a real link, streaming it first took minutes before the API's 413.
  if (st.size > MAX_UPLOAD_BYTES) throw new Refused(tooLarge(show, st.size));
  // O_NOFOLLOW: no link swapped in as the last component; O_NONBLOCK: a raced-in FIFO cannot block.
  const handle = await fs
    .open(real, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK)
    .catch((e) => Promise.reject(new Refused(changedOr("path", given, e))));
  try {
    const opened = await handle.stat();
    // A folder on the path swapped for a link between the check and the open leads elsewhere:
    // what counts is where the opened file is (openedInside), not what the path said before.
    if (opened.size > MAX_UPLOAD_BYTES) throw new Refused(tooLarge(show, opened.size));
    if (!opened.isFile() || opened.ino !== st.ino || opened.dev !== st.dev || !openedInside(handle.fd, allowed.folders, real))
      throw new Refused(`path ${show} changed while it was being checked (a folder or file on it was replaced); nothing was read or sent.`);
    if (!(await handleLooksLike(handle, kind)))
      throw new Refused(
        `${path.basename(real)} does not look like ${kind.type} (its first bytes are not that format's signature); only real image, video and audio files can be uploaded.`,
      );
    return { handle, filename: path.basename(real), contentType: kind.type, size: opened.size };
  } catch (e) {
    await handle.close();
    throw e;
  }
}
