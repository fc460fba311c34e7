// Output files, DIR/<step>/<name>.<ext>. The downloader (saveOutput of @monet-ai/client/node, or
// any function with its contract) keeps only [A-Za-z0-9._-] in a name, so an output named by an
// item with other letters (日本, café) is downloaded under an ASCII stand-in in the same folder,
// then linked to its own name: like the downloader's, never over an existing file.
import { createHash } from "node:crypto";
import fs, { promises as fsp } from "node:fs";
import path from "node:path";
import { moveIntoPlace, safeFileName } from "@monet-ai/client/node";
import type { Download, Saved, SaveOptions } from "./download.js";

/**
 * The name of output `index` of an item: the item's name, then `<name>+2`, `<name>+3`... Item
 * names never hold `+` (it becomes `-`), nor do step names, so no output is named like another
 * item's (`x-2` was both item x's second output and item x-2's first).
 */
export const outputName = (item: string, index: number) => (index === 0 ? item : `${item}+${index + 1}`);

/**
 * 100 characters: longer than any output name (an item name has at most 80, then `+<n>`), so no
 * output of the pipeline is ever called that.
 */
const standIn = (name: string) => `u-${createHash("sha512").update(name).digest("hex").slice(0, 98)}`;
const needsStandIn = (name: string) => safeFileName(name) !== name;

/** A file the run did not write is in the way (the downloader's words offer an overwrite option, which a run has not). */
const inTheWay = (file: string) =>
  Object.assign(
    new Error(`${file} already exists and this pipeline did not write it; the run never overwrites it (move it away, or choose another out folder)`),
    { code: "in_the_way" },
  );

/** Downloads `url` into `opts.dir` as `<opts.name><ext>`, whatever letters the name has. */
export async function saveNamed(download: Download, url: string, opts: SaveOptions): Promise<Saved> {
  const dir = path.resolve(opts.dir);
  const temp = needsStandIn(opts.name) ? standIn(opts.name) : opts.name;
  let saved: Saved;
  try {
    saved = await download(url, { ...opts, name: temp });
  } catch (e) {
    if ((e as { code?: unknown }).code !== "file_exists") throw e;
    // The client's error names the file (`path`); with a stand-in, the file in the way is the
    // stand-in. A download of the caller's own that names none: the file it was asked to write.
    const named = (e as { path?: unknown }).path;
    throw inTheWay(typeof named === "string" ? named : path.join(dir, temp));
  }
  if (temp === opts.name) return saved;
  const base = path.basename(saved.path);
  const ext = base.startsWith(temp) ? base.slice(temp.length) : "";
  if (path.dirname(saved.path) !== dir || !/^(\.[a-z0-9]+)?$/.test(ext)) throw new Error(`the download wrote ${saved.path}, not ${temp}<extension> in ${dir}`);
  const file = path.join(dir, opts.name + ext);
  try {
    // The client's own move: never over an existing file (its error offers an option a run has not).
    await moveIntoPlace(saved.path, file).catch((e) => {
      throw (e as { code?: unknown }).code === "file_exists" ? inTheWay(file) : e;
    });
  } finally {
    await fsp.rm(saved.path, { force: true });
  }
  return { ...saved, path: file };
}

/**
 * What a step folder held when the run first looked, each entry under the output names it may
 * belong to: `<name>.<ext>` under `<name>`, `.<rest>.<hex>.part` under `<rest>` and `<rest>`
 * without its last `.<ext>`. Read once per run and folder: removeOwn read the whole folder once per
 * item, so resuming a finished folder of n items took n² (100 s for 10,000 items). The listing is
 * enough: after it, a name gets files only from its own save, which comes after its removeOwn
 * (one node per name and step, saved once per run).
 */
export class FolderListing {
  private readonly byName = new Map<string, string[]>();

  constructor(dir: string) {
    let entries: string[] = [];
    try {
      entries = fs.readdirSync(dir);
    } catch {}
    for (const e of entries) {
      // NFC: a disk that hands names back decomposed (HFS+) still matches the name as written.
      const n = e.normalize("NFC");
      const names = new Set<string>();
      const file = /^(.+)\.[a-z0-9]+$/.exec(n);
      if (file) names.add(file[1]);
      const part = /^\.(.+)\.[0-9a-f-]+\.part$/.exec(n);
      if (part) {
        names.add(part[1]);
        const ext = /^(.+)\.[a-z0-9]+$/.exec(part[1]);
        if (ext) names.add(ext[1]);
      }
      for (const name of names) {
        const list = this.byName.get(name);
        if (list) list.push(e);
        else this.byName.set(name, [e]);
      }
    }
  }

  /** The entries that may belong to output name `name`. */
  of(name: string): readonly string[] {
    return this.byName.get(name) ?? [];
  }
}

/**
 * Removes what this pipeline left under `name` in `dir` (`listing`: what it held when the run
 * first looked). `parts`: the temporary `.<name>[.<ext>].<random>.part` files of downloads a crash
 * cut short, and a stand-in a crash left before it was linked to its name (names no one else
 * uses). `files`: the outputs `<name>.<ext>` that `keep(<file name>)` does not keep: the caller
 * keeps every file it cannot prove the run saved (own-files.ts), and any another item saved.
 */
export function removeOwn(listing: FolderListing, dir: string, name: string, what: "files" | "parts", keep: (file: string) => boolean = () => false) {
  const files = (n: string) => new RegExp(`^${reEscape(n)}\\.[a-z0-9]+$`);
  const parts = (n: string) => new RegExp(`^\\.${reEscape(n)}(\\.[a-z0-9]+)?\\.[0-9a-f-]+\\.part$`);
  const patterns = [what === "files" ? files(name) : parts(name)];
  const entries = [...listing.of(name)];
  if (what === "parts" && needsStandIn(name)) {
    patterns.push(files(standIn(name)), parts(standIn(name)));
    entries.push(...listing.of(standIn(name)));
  }
  for (const e of new Set(entries)) if (patterns.some((p) => p.test(e.normalize("NFC"))) && !keep(e)) fs.rmSync(path.join(dir, e), { force: true });
}

const reEscape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
