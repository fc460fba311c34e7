// An app's bundle of the built client, as a browser loads it (esbuild, ESM, code splitting), in a
// temporary folder, so a test can remove or rewrite its lazy chunks and import what is left.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";
import { afterAll, afterEach, beforeAll } from "vitest";
import { type Hostile, json, startHostile } from "../../../test/support/hostile.js";

const pkgDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export interface BrowserBundle {
  dir: string;
  /** The bundle's files whose name matches `name` (its lazy chunks are named after their modules). */
  chunks(name: RegExp): string[];
  /** Imports the app's entry: what it exports of the client. */
  load<T>(): Promise<T>;
  remove(): void;
}

/** Bundles `export { <names> } from "@monet-ai/client"`. */
export async function browserBundle(names: string[]): Promise<BrowserBundle> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "monet-browser-bundle-"));
  await build({
    stdin: { contents: `export { ${names.join(", ")} } from "@monet-ai/client";`, resolveDir: pkgDir, loader: "js" },
    bundle: true,
    format: "esm",
    platform: "browser",
    splitting: true,
    outdir: dir,
    logLevel: "silent",
  });
  return {
    dir,
    chunks: (name) =>
      fs
        .readdirSync(dir)
        .filter((f) => name.test(f))
        .map((f) => path.join(dir, f)),
    load: () => import(pathToFileURL(path.join(dir, "stdin.js")).href),
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/** What a stalled failure chunk calls as it begins loading, and (with `until`) what it may wait for. */
export const chunkHooks = globalThis as { monetFailureChunkLoading?: () => void; monetFailureChunkGate?: Promise<unknown> };

/**
 * A browser bundle of `names` whose failure chunk never finishes loading (a deploy removed it, a
 * network that never answers): on load it calls `globalThis.monetFailureChunkLoading`, then waits
 * for ever, or until `until` (an expression) settles. What a call does while that chunk loads is
 * what the slow-chunk tests check.
 */
export async function stalledFailureChunkBundle(names: string[], until = "new Promise(() => {})"): Promise<BrowserBundle> {
  const bundle = await browserBundle(names);
  const [file] = bundle.chunks(/failed-attempt/);
  if (!file) throw new Error("the bundle has no failure chunk (failed-attempt)");
  fs.writeFileSync(file, `globalThis.monetFailureChunkLoading?.();\nawait ${until};\n${fs.readFileSync(file, "utf8")}`);
  return bundle;
}

/**
 * In a describe: the client of a stalled bundle (stalledFailureChunkBundle's arguments), loaded
 * before its tests (`.client`) and removed after them. One per way in: a module is evaluated once.
 */
export function stalledClient<T>(names: string[], until?: string): { client: T } {
  let bundle: BrowserBundle | undefined;
  const loaded = {} as { client: T };
  beforeAll(async () => {
    bundle = await stalledFailureChunkBundle(names, until);
    loaded.client = await bundle.load<T>();
  }, 60_000);
  afterAll(() => bundle?.remove());
  return loaded;
}

/**
 * For a slow-chunk suite: `answering(body)` starts a hostile server answering every request with
 * that JSON (200), `current`; after each test it is closed and the chunk's loading hook cleared.
 */
export function slowChunkServers() {
  const servers: { current?: Hostile; answering(body: unknown): Promise<Hostile> } = {
    answering: async (body) => {
      servers.current = await startHostile((_req, res) => json(res, 200, body));
      return servers.current;
    },
  };
  afterEach(async () => {
    delete chunkHooks.monetFailureChunkLoading;
    await servers.current?.close();
    servers.current = undefined;
  });
  return servers;
}
